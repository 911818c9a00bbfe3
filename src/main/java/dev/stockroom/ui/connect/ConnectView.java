package dev.stockroom.ui.connect;

import dev.stockroom.db.ConnectionProfile;
import dev.stockroom.ui.Fxml;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

/** Thin controller for ConnectView.fxml. */
public final class ConnectView {
    private final ConnectViewModel model;
    private final Parent root;

    @FXML private Button demo;
    @FXML private Button auditFiles;
    @FXML private ListView<ConnectionProfile> profiles;
    @FXML private Button delete;
    @FXML private TextField name;
    @FXML private TextField host;
    @FXML private TextField port;
    @FXML private TextField database;
    @FXML private TextField user;
    @FXML private PasswordField password;
    @FXML private ComboBox<String> tls;
    @FXML private TextField seller;
    @FXML private Label formProblem;
    @FXML private Button connect;
    @FXML private Button save;
    @FXML private ProgressIndicator spinner;
    @FXML private Label progress;
    @FXML private Label message;

    public ConnectView(ConnectViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
    }

    @FXML
    private void initialize() {
        profiles.setItems(model.profiles());
        profiles.setPlaceholder(new Label("None yet: fill in the form and save."));
        profiles.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ConnectionProfile p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.name() + "\n" + p.describe() + "  (TLS " + p.tlsMode() + ")");
            }
        });
        profiles.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> model.use(p));
        profiles.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                model.connect();
            }
        });
        delete.disableProperty().bind(profiles.getSelectionModel().selectedItemProperty().isNull());
        name.textProperty().bindBidirectional(model.nameProperty());
        host.textProperty().bindBidirectional(model.hostProperty());
        port.textProperty().bindBidirectional(model.portProperty());
        database.textProperty().bindBidirectional(model.databaseProperty());
        user.textProperty().bindBidirectional(model.userProperty());
        password.textProperty().bindBidirectional(model.passwordProperty());
        tls.getItems().setAll(ConnectionProfile.TLS_MODES);
        tls.valueProperty().bindBidirectional(model.tlsModeProperty());
        seller.textProperty().bindBidirectional(model.sellerProperty());
        formProblem.textProperty().bind(model.formProblem());
        connect.disableProperty().bind(model.formProblem().isNotEmpty().or(model.connectingProperty()));
        save.disableProperty().bind(model.formProblem().isNotEmpty());
        demo.disableProperty().bind(model.connectingProperty());
        auditFiles.disableProperty().bind(model.connectingProperty());
        spinner.visibleProperty().bind(model.connectingProperty());
        progress.textProperty().bind(model.progressProperty());
        message.textProperty().bind(model.messageProperty());
        Platform.runLater(demo::requestFocus);
    }

    @FXML
    private void demo() {
        model.connectDemo();
    }

    @FXML
    private void auditFiles() {
        model.openAuditFiles();
    }

    @FXML
    private void connect() {
        model.connect();
    }

    @FXML
    private void save() {
        model.saveProfile();
    }

    @FXML
    private void delete() {
        model.deleteProfile(profiles.getSelectionModel().getSelectedItem());
    }

    public Parent root() {
        return root;
    }
}
