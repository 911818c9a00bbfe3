package dev.stockroom.ui.rules;

import dev.stockroom.allocation.RuleHistoryEntry;
import dev.stockroom.allocation.Setting;
import dev.stockroom.ui.Fxml;
import dev.stockroom.ui.ScreenView;
import dev.stockroom.ui.Styles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.util.StringConverter;
import org.controlsfx.control.SearchableComboBox;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.decoration.CompoundValidationDecoration;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;
import org.controlsfx.validation.decoration.StyleClassValidationDecoration;

/** Thin controller for RulesView.fxml. */
public final class RulesView implements ScreenView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    private static final Map<Setting, String> HINTS = Map.of(
            Setting.RING_FENCE, "kept for this channel only",
            Setting.MAX_PERCENT, "% of available, at most",
            Setting.MAX_UNITS, "shown, at most",
            Setting.BUFFER, "held back from this channel");

    private final RulesViewModel model;
    private final Parent root;
    private final ValidationSupport validation = new ValidationSupport();

    @FXML private Label pending;
    @FXML private Button revert;
    @FXML private Button save;
    @FXML private Label message;
    @FXML private ListView<String> channels;
    @FXML private ListView<RuleScope> scopes;
    @FXML private TextField newOverride;
    @FXML private Button addOverride;
    @FXML private Label newOverrideProblem;
    @FXML private Label scopeTitle;
    @FXML private TextField ringFence;
    @FXML private TextField maxPercent;
    @FXML private TextField maxUnits;
    @FXML private TextField buffer;
    @FXML private Label ringFenceHint;
    @FXML private Label maxPercentHint;
    @FXML private Label maxUnitsHint;
    @FXML private Label bufferHint;
    @FXML private ComboBox<Pause> pause;
    @FXML private Button remove;
    @FXML private Label formNote;
    @FXML private TabPane tabs;
    @FXML private Tab previewTab;
    @FXML private Tab historyTab;
    @FXML private SearchableComboBox<SkuChoice> previewSku;
    @FXML private Label previewNote;
    @FXML private Label refusal;
    @FXML private Label warnings;
    @FXML private TableView<PreviewRow> previewTable;
    @FXML private TableColumn<PreviewRow, String> channelColumn;
    @FXML private TableColumn<PreviewRow, String> nowColumn;
    @FXML private TableColumn<PreviewRow, String> afterColumn;
    @FXML private TableColumn<PreviewRow, String> ruleColumn;
    @FXML private TableColumn<PreviewRow, String> explanationColumn;
    @FXML private Label channelsLabel;
    @FXML private Label scopesLabel;
    @FXML private Label ringFenceLabel;
    @FXML private Label maxPercentLabel;
    @FXML private Label maxUnitsLabel;
    @FXML private Label bufferLabel;
    @FXML private Label pauseLabel;
    @FXML private Label previewSkuLabel;
    @FXML private TableView<RuleHistoryEntry> historyTable;
    @FXML private TableColumn<RuleHistoryEntry, String> whenColumn;
    @FXML private TableColumn<RuleHistoryEntry, String> whoColumn;
    @FXML private TableColumn<RuleHistoryEntry, String> scopeColumn;
    @FXML private TableColumn<RuleHistoryEntry, String> beforeColumn;
    @FXML private TableColumn<RuleHistoryEntry, String> afterRuleColumn;
    @FXML private TableColumn<RuleHistoryEntry, String> historyWarningsColumn;

    public RulesView(RulesViewModel model) {
        this.model = model;
        this.root = Fxml.load(this);
        keys();
    }

    /** Screen-wide keys; needs the loaded root, so it runs after FXML's initialize. */
    private void keys() {
        KeyCombination saveKey = new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN);
        KeyCombination findKey = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
        KeyCombination historyKey = new KeyCodeCombination(KeyCode.H, KeyCombination.SHORTCUT_DOWN);
        KeyCombination nextTabKey = new KeyCodeCombination(KeyCode.TAB, KeyCombination.CONTROL_DOWN);
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (saveKey.match(e)) {
                model.save();
                e.consume();
            } else if (historyKey.match(e)) {
                tabs.getSelectionModel().select(historyTab);
                historyTable.requestFocus();
                e.consume();
            } else if (nextTabKey.match(e)) {
                // Ctrl+Tab anywhere on the screen, not only inside the tabs, switches preview and history.
                tabs.getSelectionModel().select(tabs.getSelectionModel().getSelectedItem() == previewTab ? historyTab : previewTab);
                e.consume();
            } else if (findKey.match(e)) {
                tabs.getSelectionModel().select(previewTab);
                previewSku.requestFocus();
                e.consume();
            }
        });
        // Esc bubbles up only when no open popup (a combo box's list) took it first.
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                model.revert();
                e.consume();
            }
        });
    }

    @FXML
    private void initialize() {
        // Alt+letter mnemonics: set here because FXML cannot name a control declared after its label.
        channelsLabel.setLabelFor(channels);
        scopesLabel.setLabelFor(scopes);
        ringFenceLabel.setLabelFor(ringFence);
        maxPercentLabel.setLabelFor(maxPercent);
        maxUnitsLabel.setLabelFor(maxUnits);
        bufferLabel.setLabelFor(buffer);
        pauseLabel.setLabelFor(pause);
        previewSkuLabel.setLabelFor(previewSku);
        pending.textProperty().bind(model.pendingTextProperty());
        save.disableProperty().bind(model.pendingCountProperty().isEqualTo(0).or(model.savingProperty()));
        revert.disableProperty().bind(model.pendingTextProperty().isEmpty().and(model.problemsProperty().isEmpty()));
        // While there is nothing to report, the message line says how the screen works.
        message.textProperty().bind(Bindings.createStringBinding(() -> model.messageProperty().get().isEmpty()
                ? "Choose a channel (Alt+C) and one of its rules (Alt+R), or add a rule for one SKU (Alt+A). Type the settings: "
                        + "the preview below shows what every channel would be shown, and why, before you save (Ctrl+S)."
                : model.messageProperty().get(), model.messageProperty()));
        model.messageProperty().addListener((o, was, now) -> Styles.toggle(message, "text-muted", now.isEmpty()));
        Styles.toggle(message, "text-muted", true);
        message.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> model.messageProperty().get().isEmpty() ? null : new Tooltip(model.messageProperty().get()), model.messageProperty()));
        Styles.followOutcome(message, model.messageOkProperty());

        channels.setItems(model.channels());
        channels.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String code, boolean empty) {
                super.updateItem(code, empty);
                setText(empty || code == null ? null : model.describeChannel(code));
            }
        });
        channels.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.channelProperty().set(now);
            }
        });
        model.channelProperty().addListener((o, was, now) -> channels.getSelectionModel().select(now));

        scopes.setItems(model.scopes());
        scopes.setCellFactory(l -> new ListCell<>() {
            {
                setWrapText(true);
                setPrefWidth(0);  // wrap to the list's width instead of scrolling sideways
            }

            @Override
            protected void updateItem(RuleScope s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : model.describe(s));
            }
        });
        scopes.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.scopeProperty().set(now);
            }
        });
        model.scopeProperty().addListener((o, was, now) -> scopes.getSelectionModel().select(now));
        model.scopes().addListener((ListChangeListener<RuleScope>) c -> scopes.getSelectionModel().select(model.scopeProperty().get()));
        model.revisionProperty().addListener((o, was, now) -> {
            scopes.refresh();
            channels.refresh();
        });

        newOverride.textProperty().bindBidirectional(model.newOverrideProperty());
        newOverride.setOnAction(e -> model.addOverride());
        newOverrideProblem.textProperty().bind(model.newOverrideProblemProperty());
        newOverrideProblem.managedProperty().bind(model.newOverrideProblemProperty().isNotEmpty());
        addOverride.disableProperty().bind(model.newOverrideProperty().isEmpty().or(model.newOverrideProblemProperty().isNotEmpty()));
        scopeTitle.textProperty().bind(model.scopeTitleProperty());

        field(Setting.RING_FENCE, ringFence, ringFenceHint);
        field(Setting.MAX_PERCENT, maxPercent, maxPercentHint);
        field(Setting.MAX_UNITS, maxUnits, maxUnitsHint);
        field(Setting.BUFFER, buffer, bufferHint);
        validation.setValidationDecorator(new CompoundValidationDecoration(new GraphicValidationDecoration(), new StyleClassValidationDecoration()));
        pause.setItems(model.pauseChoices());
        pause.valueProperty().bindBidirectional(model.pauseProperty());
        pause.setConverter(new StringConverter<>() {
            @Override
            public String toString(Pause p) {
                RuleScope s = model.scopeProperty().get();
                return p == null ? "" : p.words(s == null || s.isChannelWide());
            }

            @Override
            public Pause fromString(String text) {
                return null;
            }
        });
        remove.disableProperty().bind(model.scopeProperty().isNull());
        formNote.textProperty().bind(Bindings.createStringBinding(() -> {
            RuleScope s = model.scopeProperty().get();
            return (s == null || s.isChannelWide() ? "An empty field is not set." : "An empty field follows the channel-wide rule.")
                    + "  Ctrl+S saves, Esc undoes.";
        }, model.scopeProperty()));

        previewSku.setItems(model.skus());
        previewSku.valueProperty().bindBidirectional(model.previewSkuProperty());
        previewNote.textProperty().bind(model.previewNoteProperty());
        refusal.textProperty().bind(model.refusalProperty());
        refusal.visibleProperty().bind(model.refusalProperty().isNotEmpty());
        refusal.managedProperty().bind(refusal.visibleProperty());
        warnings.textProperty().bind(Bindings.createStringBinding(
                () -> model.warnings().isEmpty() ? "" : "Warning: " + String.join(".\nWarning: ", model.warnings()) + ".",
                model.warnings()));
        warnings.visibleProperty().bind(warnings.textProperty().isNotEmpty());
        warnings.managedProperty().bind(warnings.visibleProperty());

        previewTable.setItems(model.preview());
        previewTable.setPlaceholder(new Label("Choose a SKU to see what every channel would be shown."));
        previewTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        column(channelColumn, PreviewRow::channel);
        number(nowColumn, r -> Integer.toString(r.now()));
        number(afterColumn, PreviewRow::afterText);
        column(ruleColumn, PreviewRow::rule);
        column(explanationColumn, PreviewRow::explanation);
        wrapped(ruleColumn);
        wrapped(explanationColumn);
        previewTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(PreviewRow row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("preview-changed");
                if (!empty && row != null && row.changes()) {
                    getStyleClass().add("preview-changed");
                }
            }
        });

        historyTable.setItems(model.history());
        historyTable.setPlaceholder(new Label("No rule has been changed yet."));
        historyTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        historyColumn(whenColumn, h -> TIME.format(h.changedAt()));
        historyColumn(whoColumn, RuleHistoryEntry::changedBy);
        historyColumn(scopeColumn, h -> (h.sku() == null ? h.channel() + ", all SKUs" : h.channel() + " for " + h.sku())
                + ("remove".equals(h.action()) ? " (removed)" : ""));
        historyColumn(beforeColumn, h -> words(h.before()));
        historyColumn(afterRuleColumn, h -> words(h.after()));
        historyColumn(historyWarningsColumn, h -> h.warnings() == null ? "" : h.warnings());
    }

    /** One number field: bound to the model, its hint turned into the problem as it is typed, and decorated. */
    private void field(Setting s, TextField text, Label hint) {
        text.textProperty().bindBidirectional(model.field(s));
        text.setOnAction(e -> model.askPreview());
        // On a SKU's own rule an empty field shows, greyed, what it takes from the channel-wide rule.
        text.promptTextProperty().bind(Bindings.createStringBinding(
                () -> model.inherited(s).get().isEmpty() ? "none" : model.inherited(s).get().replace("channel: ", ""), model.inherited(s)));
        hint.textProperty().bind(Bindings.createStringBinding(
                () -> !model.fieldProblem(s).get().isEmpty() ? model.fieldProblem(s).get()
                        : HINTS.get(s) + (model.inherited(s).get().isEmpty() ? "" : "  (" + model.inherited(s).get() + ")"),
                model.fieldProblem(s), model.inherited(s)));
        model.fieldProblem(s).addListener((o, was, now) -> Styles.toggle(hint, "refused", !now.isEmpty()));
        // ControlsFX marks the field itself; the validator reads the model's sentence, so the rule lives in one place.
        validation.registerValidator(text, false, (Control c, String value) ->
                ValidationResult.fromErrorIf(c, model.fieldProblem(s).get(), !model.fieldProblem(s).get().isEmpty()));
    }

    private static String words(String rule) {
        return rule == null || rule.isBlank() ? "no rule" : rule;
    }

    @FXML
    private void save() {
        model.save();
    }

    @FXML
    private void revert() {
        model.revert();
    }

    @FXML
    private void addOverride() {
        model.addOverride();
    }

    @FXML
    private void removeRule() {
        model.removeRule();
    }

    private static void column(TableColumn<PreviewRow, String> c, Function<PreviewRow, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    }

    /** Long words wrap onto a second line instead of being cut: an explanation is read whole. */
    private static void wrapped(TableColumn<PreviewRow, String> c) {
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setWrapText(true);
                setTooltip(empty || text == null ? null : new Tooltip(text));
            }
        });
    }

    private static void number(TableColumn<PreviewRow, String> c, Function<PreviewRow, String> value) {
        column(c, value);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty ? null : n);
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
    }

    private static void historyColumn(TableColumn<RuleHistoryEntry, String> c, Function<RuleHistoryEntry, String> value) {
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setWrapText(true);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
    }

    @Override
    public Parent root() {
        return root;
    }

    @Override
    public void shown() {
        model.refresh();
        if (channels.getSelectionModel().isEmpty()) {
            channels.requestFocus();
        } else {
            ringFence.requestFocus();
        }
    }
}
