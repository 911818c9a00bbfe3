package dev.stockroom.ui.desk;

import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;

/** Thin controller for DeskView.fxml: Enter, Escape and F1..F4 go to the view model; focus follows its step. */
public final class DeskView implements ScreenView {
    private final DeskViewModel model;
    private final Parent root;
    private final ToggleGroup modeGroup = new ToggleGroup();

    @FXML private HBox modes;
    @FXML private Label scanLabel;
    @FXML private TextField scan;
    @FXML private Label found;
    @FXML private Label quantityLabel;
    @FXML private TextField quantity;
    @FXML private Label result;
    @FXML private Label changes;
    @FXML private Label units;
    @FXML private ListView<String> history;

    public DeskView(DeskViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keys();
    }

    /** Screen-wide keys; needs the loaded root, so it runs after FXML's initialize. */
    private void keys() {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case F1 -> model.useMode(DeskMode.RESTOCK);
                case F2 -> model.useMode(DeskMode.RETURN);
                case F3 -> model.useMode(DeskMode.COUNT);
                case F4 -> model.useMode(DeskMode.DISPATCH);
                case ESCAPE -> model.cancel();
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    @FXML
    private void initialize() {
        DeskMode[] all = DeskMode.values();
        for (int i = 0; i < all.length; i++) {
            DeskMode m = all[i];
            ToggleButton b = new ToggleButton(m.key() + "  " + m.title());
            b.setId("mode-" + m.name().toLowerCase());
            b.getStyleClass().addAll("mode-button", i == 0 ? "left-pill" : i == all.length - 1 ? "right-pill" : "center-pill");
            b.setToggleGroup(modeGroup);
            b.setFocusTraversable(false);
            b.setUserData(m);
            b.setOnAction(e -> {
                model.useMode(m);
                b.setSelected(true);
            });
            modes.getChildren().add(b);
        }
        model.modeProperty().addListener((o, was, m) -> modeShown(m));
        modeShown(model.modeProperty().get());

        scan.textProperty().bindBidirectional(model.scanProperty());
        quantity.textProperty().bindBidirectional(model.quantityProperty());
        found.textProperty().bind(model.foundProperty());
        result.textProperty().bind(model.resultProperty());
        changes.textProperty().bind(model.changesThisSessionProperty().asString());
        units.textProperty().bind(model.unitsThisSessionProperty().asString());
        history.setItems(model.history());
        history.setPlaceholder(new Label("Nothing scanned yet."));
        model.resultKindProperty().addListener((o, was, kind) -> {
            result.getStyleClass().removeAll("ok", "refused", "idle");
            result.getStyleClass().add(kind == DeskViewModel.Result.OK ? "ok" : kind == DeskViewModel.Result.REFUSED ? "refused" : "idle");
        });

        scan.setOnAction(e -> model.scanEntered());
        quantity.setOnAction(e -> model.quantityEntered());
        quantity.disableProperty().bind(model.stepProperty().isNotEqualTo(DeskViewModel.Step.QUANTITY));
        model.stepProperty().addListener((o, was, step) -> focusFor(step));
        // A refusal at the same step must still leave the field ready for the next scan.
        model.resultProperty().addListener((o, was, now) -> focusFor(model.stepProperty().get()));

    }

    private void modeShown(DeskMode m) {
        scanLabel.setText(m.scanPrompt());
        scan.setPromptText(m == DeskMode.DISPATCH ? "Order reference, then Enter" : "Barcode or SKU code, then Enter");
        quantityLabel.setText(m.quantityPrompt());
        quantity.setPromptText("Units, then Enter");
        modeGroup.getToggles().forEach(t -> t.setSelected(t.getUserData() == m));
        focusFor(model.stepProperty().get());
    }

    private void focusFor(DeskViewModel.Step step) {
        // After the current event: a disabled field cannot take focus until its binding updates.
        Platform.runLater(() -> {
            if (step == DeskViewModel.Step.QUANTITY) {
                quantity.requestFocus();
                quantity.selectAll();
            } else if (step == DeskViewModel.Step.SCAN) {
                scan.requestFocus();
                scan.selectAll();
            }
        });
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void shown() {
        focusFor(model.stepProperty().get());
    }
}
