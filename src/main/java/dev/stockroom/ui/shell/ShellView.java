package dev.stockroom.ui.shell;

import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.Screen;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.Theme;
import java.util.HashMap;
import java.util.Map;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** The window frame: navigation, offline banner, status bar, shortcuts. Talks only to its view model. */
public final class ShellView {
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
        KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    private final ShellViewModel model;
    private final Parent root;
    private final Map<Integer, ScreenView> built = new HashMap<>();
    private final ToggleGroup navGroup = new ToggleGroup();

    @FXML private VBox navItems;
    @FXML private Button themeButton;
    @FXML private HBox banner;
    @FXML private Label bannerText;
    @FXML private StackPane content;
    @FXML private FontIcon liveIcon;
    @FXML private Label liveText;
    @FXML private Label connection;
    @FXML private Hyperlink switchDatabase;
    @FXML private ProgressBar busy;
    @FXML private Label keysHint;

    public ShellView(ShellViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        for (int i = 0; i < model.screens().size(); i++) {
            navItems.getChildren().add(navButton(i, model.screens().get(i)));
        }
        banner.visibleProperty().bind(model.offline());
        banner.managedProperty().bind(model.offline());
        bannerText.textProperty().bind(model.bannerText());
        liveText.textProperty().bind(model.liveText());
        model.offline().addListener((o, was, off) -> liveIcon.setIconLiteral(off ? "fth-wifi-off" : "fth-radio"));
        connection.setText(model.whereConnected());
        switchDatabase.visibleProperty().bind(model.canSwitchDatabaseProperty());
        switchDatabase.managedProperty().bind(switchDatabase.visibleProperty());
        switchDatabase.setOnAction(e -> model.switchDatabase());
        if (!model.hasDatabase()) {
            liveIcon.setIconLiteral("fth-hard-drive");
        }
        busy.visibleProperty().bind(model.busyProperty().greaterThan(0));
        int n = Math.min(model.screens().size(), DIGITS.length);
        keysHint.setText((n == 1 ? "" : "Ctrl+1..Ctrl+" + n + " screens   ") + "Ctrl+T theme");
        themeButton.setOnAction(e -> model.toggleTheme());
        model.darkProperty().addListener((o, was, dark) -> applyTheme(dark));
        applyTheme(model.darkProperty().get());
        model.currentProperty().addListener((o, was, now) -> showScreen(now.intValue()));
        showScreen(model.currentProperty().get());
    }

    private ToggleButton navButton(int index, Screen screen) {
        Label hint = new Label(index < DIGITS.length ? "Ctrl+" + (index + 1) : "");
        hint.getStyleClass().add("nav-hint");
        Label title = new Label(screen.title());
        title.setMinWidth(Region.USE_PREF_SIZE);
        hint.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox graphic = new HBox(10, new FontIcon(screen.icon()), title, gap, hint);
        graphic.setAlignment(Pos.CENTER_LEFT);
        ToggleButton b = new ToggleButton();
        b.setId("nav-" + screen.id());
        b.setGraphic(graphic);
        b.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setFocusTraversable(false);
        b.getStyleClass().add("nav-item");
        graphic.prefWidthProperty().bind(b.widthProperty().subtract(26));
        graphic.setMinWidth(0);
        b.setToggleGroup(navGroup);
        b.setOnAction(e -> {
            model.show(index);
            b.setSelected(true);  // a second click must not leave nothing selected
        });
        return b;
    }

    private void showScreen(int index) {
        ScreenView view = built.computeIfAbsent(index, i -> model.screens().get(i).view().get());
        content.getChildren().setAll(view.root());
        ((ToggleButton) navItems.getChildren().get(index)).setSelected(true);
        view.shown();
    }

    private void applyTheme(boolean dark) {
        Theme.apply(dark);
        themeButton.setText(dark ? "Light theme" : "Dark theme");
        themeButton.setGraphic(new FontIcon(dark ? "fth-sun" : "fth-moon"));
    }

    /** Takes the window's shortcuts off the scene again (the window is closing; the scene lives on). */
    public void uninstall(Scene scene) {
        for (int i = 0; i < DIGITS.length; i++) {
            scene.getAccelerators().remove(new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN));
        }
        scene.getAccelerators().remove(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
    }

    /** Puts the window's shortcuts on the scene: Ctrl+1.. for screens, Ctrl+T for the theme. */
    public void install(Scene scene) {
        Theme.style(scene);
        for (int i = 0; i < Math.min(model.screens().size(), DIGITS.length); i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(DIGITS[i], KeyCombination.SHORTCUT_DOWN), () -> model.show(index));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), model::toggleTheme);
    }

    public Parent root() {
        return root;
    }

    /** For tests and the launcher: the screen view at {@code index}, built if needed. */
    ScreenView screenView(int index) {
        return built.get(index);
    }

    BorderPane frame() {
        return (BorderPane) root;
    }
}
