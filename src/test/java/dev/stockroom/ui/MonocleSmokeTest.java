package dev.stockroom.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class MonocleSmokeTest {
    TextField field;

    @Start
    void start(Stage stage) {
        field = new TextField();
        field.setId("f");
        stage.setScene(new Scene(field, 200, 50));
        stage.show();
    }

    @Test
    void robotTypesIntoAField(FxRobot robot) {
        robot.clickOn("#f").write("890123").type(KeyCode.ENTER);
        assertThat(field.getText()).isEqualTo("890123");
    }
}
