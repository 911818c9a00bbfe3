package dev.stockroom.ui.rules;

import dev.stockroom.allocation.Allocation;
import dev.stockroom.allocation.AllocationRule;
import dev.stockroom.allocation.ChannelAllocation;
import dev.stockroom.allocation.ProposedRule;
import dev.stockroom.allocation.RuleChangeResult;
import dev.stockroom.allocation.RuleHistoryEntry;
import dev.stockroom.allocation.RuleSettings;
import dev.stockroom.allocation.Setting;
import dev.stockroom.app.Services;
import dev.stockroom.ledger.ChannelStock;
import dev.stockroom.ui.Debouncer;
import dev.stockroom.ui.LiveState;
import dev.stockroom.ui.TaskRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The allocation rule editor: each channel's channel-wide rule and per-SKU overrides, edited as
 * unsaved drafts (checked as they are typed), a live preview of what every channel would be
 * shown of one SKU with those drafts (the engine's own numbers and explanations, asked off the
 * FX thread once typing pauses), saving, reverting, and the history of changes.
 */
public final class RulesViewModel {
    private static final int HISTORY = 200;
    private static final Setting[] NUMBERS = {Setting.RING_FENCE, Setting.MAX_PERCENT, Setting.MAX_UNITS, Setting.BUFFER};

    private final Services services;
    private final TaskRunner tasks;
    private final LiveState live;
    private final Debouncer previewPause;

    private final ObservableList<String> channels = FXCollections.observableArrayList();
    private final StringProperty channel = new SimpleStringProperty();
    private final ObservableList<RuleScope> scopes = FXCollections.observableArrayList();
    private final ObjectProperty<RuleScope> scope = new SimpleObjectProperty<>();
    private final Map<Setting, StringProperty> fields = new EnumMap<>(Setting.class);
    private final Map<Setting, ReadOnlyStringWrapper> fieldProblems = new EnumMap<>(Setting.class);
    private final Map<Setting, ReadOnlyStringWrapper> inherited = new EnumMap<>(Setting.class);
    private final ObjectProperty<Pause> pause = new SimpleObjectProperty<>(Pause.AS_CHANNEL);
    private final ObservableList<Pause> pauseChoices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper scopeTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problems = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pendingText = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper pendingCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(0);
    private final StringProperty newOverride = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper newOverrideProblem = new ReadOnlyStringWrapper("");

    private final ObservableList<SkuChoice> skus = FXCollections.observableArrayList();
    private final ObjectProperty<SkuChoice> previewSku = new SimpleObjectProperty<>();
    private final ObservableList<PreviewRow> preview = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper previewNote = new ReadOnlyStringWrapper("");
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper("");
    private final ObservableList<RuleHistoryEntry> history = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageOk = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper(false);

    private final Map<RuleScope, AllocationRule> saved = new HashMap<>();
    private final Map<RuleScope, RuleDraft> drafts = new LinkedHashMap<>();
    private final Set<RuleScope> added = new LinkedHashSet<>();
    private boolean fillingForm;
    private boolean loading;
    private boolean stale;
    private int previewAsked;

    public RulesViewModel(Services services, TaskRunner tasks, LiveState live) {
        this(services, tasks, live, new Debouncer(Duration.ofMillis(250), tasks.foreground()));
    }

    public RulesViewModel(Services services, TaskRunner tasks, LiveState live, Debouncer previewPause) {
        this.services = services;
        this.tasks = tasks;
        this.live = live;
        this.previewPause = previewPause;
        for (Setting s : NUMBERS) {
            StringProperty field = new SimpleStringProperty("");
            field.addListener((o, was, now) -> formEdited());
            fields.put(s, field);
            fieldProblems.put(s, new ReadOnlyStringWrapper(""));
            inherited.put(s, new ReadOnlyStringWrapper(""));
        }
        pause.addListener((o, was, now) -> formEdited());
        channel.addListener((o, was, now) -> channelChosen());
        scope.addListener((o, was, now) -> fillForm());
        newOverride.addListener((o, was, now) -> newOverrideProblem.set(checkNewOverride()));
        previewSku.addListener((o, was, now) -> schedulePreview());
        live.onStockChange(ids -> schedulePreview());
        live.onReconnect(this::refresh);
    }

    // ------------------------------------------------------------ properties

    public ObservableList<String> channels() {
        return channels;
    }

    public StringProperty channelProperty() {
        return channel;
    }

    /** The chosen channel's rules: the channel-wide one first, then each SKU override (saved or added). */
    public ObservableList<RuleScope> scopes() {
        return scopes;
    }

    public ObjectProperty<RuleScope> scopeProperty() {
        return scope;
    }

    public StringProperty field(Setting s) {
        return fields.get(s);
    }

    /** What is wrong with one field as typed; empty when it is fine. */
    public ReadOnlyStringProperty fieldProblem(Setting s) {
        return fieldProblems.get(s).getReadOnlyProperty();
    }

    /** For a SKU's own rule: what an empty field takes from the channel-wide rule ("channel: 30"). */
    public ReadOnlyStringProperty inherited(Setting s) {
        return inherited.get(s).getReadOnlyProperty();
    }

    public ObjectProperty<Pause> pauseProperty() {
        return pause;
    }

    /** The pause choices that make sense for the chosen scope. */
    public ObservableList<Pause> pauseChoices() {
        return pauseChoices;
    }

    public ReadOnlyStringProperty scopeTitleProperty() {
        return scopeTitle.getReadOnlyProperty();
    }

    /** Every problem in any unsaved edit, one sentence each; empty when all can be saved. */
    public ReadOnlyStringProperty problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** "2 unsaved changes: amazon, all SKUs: buffer 5; ..." or empty. */
    public ReadOnlyStringProperty pendingTextProperty() {
        return pendingText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty pendingCountProperty() {
        return pendingCount.getReadOnlyProperty();
    }

    /** Goes up whenever a rule's description may have changed (the view redraws its lists). */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public StringProperty newOverrideProperty() {
        return newOverride;
    }

    public ReadOnlyStringProperty newOverrideProblemProperty() {
        return newOverrideProblem.getReadOnlyProperty();
    }

    public ObservableList<SkuChoice> skus() {
        return skus;
    }

    public ObjectProperty<SkuChoice> previewSkuProperty() {
        return previewSku;
    }

    public ObservableList<PreviewRow> preview() {
        return preview;
    }

    public ReadOnlyStringProperty previewNoteProperty() {
        return previewNote.getReadOnlyProperty();
    }

    /** What the engine warns about the unsaved edits (saving would still be allowed). */
    public ObservableList<String> warnings() {
        return warnings;
    }

    /** The engine's sentence when saving the unsaved edits would be refused; empty otherwise. */
    public ReadOnlyStringProperty refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    public ObservableList<RuleHistoryEntry> history() {
        return history;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageOkProperty() {
        return messageOk.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    /** A scope as the list shows it: "All SKUs: max 40%", "TEA-ASSAM-250: ring-fence 30 (unsaved)". */
    public String describe(RuleScope s) {
        String who = s.isChannelWide() ? "All SKUs" : s.sku();
        RuleDraft draft = drafts.get(s);
        AllocationRule rule = saved.get(s);
        String words = draft != null ? draft.words() : rule != null ? rule.words() : "no rule";
        boolean unsaved = draft != null && draft.changeFrom(s, settings(rule)).isPresent();
        return who + ": " + words + (unsaved ? "  (unsaved)" : "");
    }

    /** A channel as the list shows it, marked when one of its rules has unsaved edits. */
    public String describeChannel(String code) {
        boolean unsaved = pending().stream().anyMatch(p -> p.channel().equals(code));
        return unsaved ? code + "  (unsaved)" : code;
    }

    // -------------------------------------------------------------- loading

    private record Loaded(List<String> channels, List<AllocationRule> rules, List<SkuChoice> skus, List<RuleHistoryEntry> history) {
    }

    /** Reloads channels, rules, SKUs and history; unsaved edits stay. While offline the screen keeps what it shows. */
    public void refresh() {
        if (!live.isOnline()) {
            return;
        }
        if (loading) {
            stale = true;
            return;
        }
        loading = true;
        Allocation allocation = services.allocation();
        tasks.run(() -> new Loaded(
                        services.channelStock().channels().stream().map(ChannelStock.Channel::code).toList(),
                        allocation.rules(),
                        services.queries().stockLevels().stream().map(l -> new SkuChoice(l.code(), l.title(), l.kit())).toList(),
                        allocation.history(HISTORY)),
                this::loaded, e -> {
                    loading = false;
                    say(false, "Could not load the rules: " + e.getMessage());
                });
    }

    private void loaded(Loaded l) {
        loading = false;
        saved.clear();
        l.rules().forEach(r -> saved.put(new RuleScope(r.channel(), r.sku()), r));
        if (!skus.equals(l.skus())) {
            SkuChoice was = previewSku.get();
            skus.setAll(l.skus());
            previewSku.set(was != null ? l.skus().stream().filter(s -> s.code().equals(was.code())).findFirst().orElse(null) : null);
        }
        if (previewSku.get() == null && !skus.isEmpty()) {
            previewSku.set(firstOverridden().orElse(skus.get(0)));
        }
        history.setAll(l.history());
        if (!channels.equals(l.channels())) {
            channels.setAll(l.channels());
        }
        if (channel.get() == null || !channels.contains(channel.get())) {
            channel.set(channels.isEmpty() ? null : channels.get(0));
        } else {
            channelChosen();
        }
        edited();
        if (stale) {
            stale = false;
            refresh();
        }
    }

    private Optional<SkuChoice> firstOverridden() {
        return saved.keySet().stream().filter(s -> !s.isChannelWide()).map(RuleScope::sku).sorted().findFirst()
                .flatMap(code -> skus.stream().filter(s -> s.code().equals(code)).findFirst());
    }

    // -------------------------------------------------------------- editing

    private void channelChosen() {
        String c = channel.get();
        RuleScope keep = scope.get();
        if (c == null) {
            scopes.clear();
            scope.set(null);
            return;
        }
        List<RuleScope> list = new ArrayList<>();
        list.add(RuleScope.channelWide(c));
        Set<RuleScope> overrides = new java.util.TreeSet<>(java.util.Comparator.comparing(RuleScope::sku));
        saved.keySet().stream().filter(s -> s.channel().equals(c) && !s.isChannelWide()).forEach(overrides::add);
        added.stream().filter(s -> s.channel().equals(c)).forEach(overrides::add);
        list.addAll(overrides);
        if (!scopes.equals(list)) {
            scopes.setAll(list);
        }
        if (keep != null && list.contains(keep)) {
            if (scope.get() != keep) {
                scope.set(keep);
            }
            fillForm();
        } else {
            scope.set(list.get(0));
        }
    }

    /** Puts the chosen scope's draft (or saved rule) in the form. */
    private void fillForm() {
        RuleScope s = scope.get();
        fillingForm = true;
        try {
            pauseChoices.setAll(s == null || s.isChannelWide() ? List.of(Pause.AS_CHANNEL, Pause.PAUSED) : List.of(Pause.values()));
            RuleDraft d = s == null ? RuleDraft.EMPTY : draftOf(s);
            for (Setting n : NUMBERS) {
                fields.get(n).set(d.text(n));
            }
            pause.set(d.pause());
            scopeTitle.set(s == null ? "" : s.isChannelWide() ? "Rule for every SKU on " + s.channel()
                    : "Rule for " + s.sku() + " on " + s.channel());
            boolean own = s != null && !s.isChannelWide();
            RuleSettings channelWide = own ? settings(effectiveChannelWide(s.channel())) : null;
            RuleSettings none = new RuleSettings(null, null, null, null, null);
            for (Setting n : NUMBERS) {
                inherited.get(n).set(own ? inheritedWords(n, channelWide == null ? none : channelWide) : "");
            }
        } finally {
            fillingForm = false;
        }
        checkFields();
    }

    /** The channel-wide rule as the form currently has it (a draft wins over the saved rule). */
    private AllocationRule effectiveChannelWide(String c) {
        RuleScope cw = RuleScope.channelWide(c);
        RuleDraft d = drafts.get(cw);
        if (d != null && d.problems().isEmpty()) {
            return new AllocationRule(c, null, d.settings(), d.words(), null, null);
        }
        return saved.get(cw);
    }

    private static String inheritedWords(Setting n, RuleSettings cw) {
        Integer v = switch (n) {
            case RING_FENCE -> cw.ringFence();
            case MAX_PERCENT -> cw.maxPercent();
            case MAX_UNITS -> cw.maxUnits();
            case BUFFER -> cw.buffer();
            case PAUSED -> null;
        };
        return v == null ? "channel: none" : "channel: " + v + (n == Setting.MAX_PERCENT ? "%" : "");
    }

    private RuleDraft draftOf(RuleScope s) {
        RuleDraft d = drafts.get(s);
        return d != null ? d : RuleDraft.of(settings(saved.get(s)), s.isChannelWide());
    }

    private void formEdited() {
        if (fillingForm || scope.get() == null) {
            return;
        }
        RuleScope s = scope.get();
        RuleDraft d = new RuleDraft(fields.get(Setting.RING_FENCE).get(), fields.get(Setting.MAX_PERCENT).get(),
                fields.get(Setting.MAX_UNITS).get(), fields.get(Setting.BUFFER).get(), pause.get());
        if (d.equals(RuleDraft.of(settings(saved.get(s)), s.isChannelWide()))) {
            drafts.remove(s);
        } else {
            drafts.put(s, d);
        }
        checkFields();
        edited();
    }

    private void checkFields() {
        RuleDraft d = scope.get() == null ? RuleDraft.EMPTY : draftOf(scope.get());
        for (Setting n : NUMBERS) {
            fieldProblems.get(n).set(d.problem(n));
        }
    }

    /** After any edit: recount what is pending and what is wrong, and ask for a new preview. */
    private void edited() {
        List<String> all = new ArrayList<>();
        drafts.forEach((s, d) -> d.problems().forEach(p -> all.add(s.words() + ": " + p)));
        problems.set(String.join(" ", all));
        List<ProposedRule> pending = pending();
        pendingCount.set(pending.size());
        pendingText.set(pending.isEmpty() ? "" : pending.size() + " unsaved change" + (pending.size() == 1 ? "" : "s") + ": "
                + drafts.entrySet().stream().filter(e -> e.getValue().problems().isEmpty()
                                && e.getValue().changeFrom(e.getKey(), settings(saved.get(e.getKey()))).isPresent())
                        .map(e -> e.getKey().words() + ": " + (e.getValue().empty() ? "remove the rule" : e.getValue().words()))
                        .collect(Collectors.joining("; ")));
        revision.set(revision.get() + 1);
        schedulePreview();
    }

    /** The unsaved edits that are valid, as the engine takes them. */
    public List<ProposedRule> pending() {
        List<ProposedRule> out = new ArrayList<>();
        drafts.forEach((s, d) -> {
            if (d.problems().isEmpty()) {
                d.changeFrom(s, settings(saved.get(s))).ifPresent(out::add);
            }
        });
        return out;
    }

    /** Adds a SKU override to the chosen channel (typed code) and selects it for editing. */
    public void addOverride() {
        String problem = checkNewOverride();
        if (!problem.isEmpty()) {
            say(false, problem);
            return;
        }
        String code = skus.stream().map(SkuChoice::code).filter(c -> c.equalsIgnoreCase(newOverride.get().trim())).findFirst()
                .orElseThrow();
        RuleScope s = new RuleScope(channel.get(), code);
        added.add(s);
        newOverride.set("");
        channelChosen();
        scope.set(s);
        say(true, "Type " + code + "'s own settings on " + s.channel() + "; empty fields keep the channel-wide rule.");
    }

    private String checkNewOverride() {
        String typed = newOverride.get() == null ? "" : newOverride.get().trim();
        if (typed.isEmpty() || channel.get() == null) {
            return "";
        }
        Optional<SkuChoice> sku = skus.stream().filter(c -> c.code().equalsIgnoreCase(typed)).findFirst();
        if (sku.isEmpty()) {
            return "There is no SKU \"" + typed + "\".";
        }
        if (scopes.contains(new RuleScope(channel.get(), sku.get().code()))) {
            return sku.get().code() + " already has its own rule on " + channel.get() + ": choose it in the list.";
        }
        return "";
    }

    /** Empties the chosen rule: saving removes it (an added override not yet saved simply goes). */
    public void removeRule() {
        RuleScope s = scope.get();
        if (s == null) {
            return;
        }
        if (!saved.containsKey(s)) {
            drafts.remove(s);
            if (added.remove(s)) {
                channelChosen();
                say(true, s.words() + " dropped (it was never saved).");
            } else {
                fillForm();
            }
            edited();
            return;
        }
        fillingForm = true;
        try {
            for (Setting n : NUMBERS) {
                fields.get(n).set("");
            }
            pause.set(Pause.AS_CHANNEL);
        } finally {
            fillingForm = false;
        }
        formEdited();
        say(true, s.words() + " will be removed when you save (Ctrl+S); Esc keeps it.");
    }

    /** Forgets every unsaved edit: the form shows the saved rules again. */
    public void revert() {
        boolean had = !drafts.isEmpty() || !added.isEmpty();
        drafts.clear();
        added.clear();
        channelChosen();
        fillForm();
        edited();
        say(true, had ? "Unsaved edits undone: the rules are as saved." : "Nothing to undo.");
    }

    // -------------------------------------------------------------- preview

    private void schedulePreview() {
        previewPause.run(this::askPreview);
    }

    private record Preview(List<PreviewRow> rows, List<String> warnings, String refusal, int available) {
    }

    /** Asks the engine (off the FX thread) what every channel would show of the preview SKU with the valid unsaved edits. */
    public void askPreview() {
        SkuChoice sku = previewSku.get();
        if (sku == null) {
            preview.clear();
            previewNote.set("Choose a SKU to preview.");
            return;
        }
        if (!live.isOnline()) {
            previewNote.set("Offline: the preview needs the database; it is shown as it was.");
            return;
        }
        List<ProposedRule> rules = pending();
        int asked = ++previewAsked;
        Allocation allocation = services.allocation();
        tasks.run(() -> {
            List<ChannelAllocation> now = allocation.show(sku.code());
            if (rules.isEmpty()) {
                return new Preview(rows(now, now), List.of(), "", now.isEmpty() ? 0 : now.get(0).available());
            }
            try {
                List<String> warned = allocation.warnings(rules);
                List<ChannelAllocation> after = allocation.preview(rules, sku.code(), null, false);
                return new Preview(rows(now, after), warned, "", now.isEmpty() ? 0 : now.get(0).available());
            } catch (dev.stockroom.ledger.KernelException refused) {
                return new Preview(rows(now, now), List.of(), refused.getMessage(), now.isEmpty() ? 0 : now.get(0).available());
            }
        }, p -> {
            if (asked != previewAsked) {
                return;  // an older answer arriving after a newer question
            }
            preview.setAll(p.rows());
            warnings.setAll(p.warnings());
            refusal.set(p.refusal().isEmpty() ? "" : "Saving would be refused: " + p.refusal());
            int n = rules.size();
            previewNote.set(sku.code() + ": " + p.available() + " available. "
                    + (n == 0 ? "No unsaved edits: what each channel is shown now."
                    : !p.refusal().isEmpty() ? "The unsaved edits would be refused, so this is what each channel is shown now."
                    : "With your " + (n == 1 ? "unsaved edit" : n + " unsaved edits") + ", before saving:")
                    + (problems.get().isEmpty() ? "" : " (an edit with a problem is left out)"));
        }, e -> {
            if (asked == previewAsked) {
                previewNote.set("Could not preview " + sku.code() + ": " + e.getMessage());
            }
        });
    }

    private static List<PreviewRow> rows(List<ChannelAllocation> now, List<ChannelAllocation> after) {
        Map<String, Integer> before = new HashMap<>();
        now.forEach(a -> before.put(a.channel(), a.quantity()));
        return after.stream().map(a -> new PreviewRow(a.channel(), before.getOrDefault(a.channel(), a.quantity()), a.quantity(),
                a.rule(), a.explanation())).toList();
    }

    // ----------------------------------------------------------------- save

    private record Saved(List<RuleChangeResult> results, String refused) {
    }

    /** Saves every unsaved edit: checked by the engine first as a whole, so a refused edit saves nothing. */
    public void save() {
        if (!problems.get().isEmpty()) {
            say(false, "Not saved: " + problems.get() + " Fix it, or press Esc to undo your edits.");
            return;
        }
        List<ProposedRule> rules = pending();
        if (rules.isEmpty()) {
            say(true, "Nothing to save: no rule was changed.");
            return;
        }
        if (!live.isOnline()) {
            say(false, live.offlineRefusal());
            return;
        }
        if (saving.get()) {
            return;
        }
        saving.set(true);
        Allocation allocation = services.allocation();
        tasks.run(() -> {
            allocation.warnings(rules);  // a refusal for any edit is raised here, before anything is written
            List<RuleChangeResult> done = new ArrayList<>();
            for (ProposedRule r : rules) {
                try {
                    done.add(r.remove() ? allocation.removeRule(r.channel(), r.sku()) : allocation.setRule(r.channel(), r.sku(), r.change()));
                } catch (RuntimeException e) {
                    return new Saved(done, e.getMessage());  // another desk changed something in between
                }
            }
            return new Saved(done, null);
        }, s -> {
            saving.set(false);
            Set<RuleScope> savedScopes = rules.stream().map(r -> new RuleScope(r.channel(), r.sku())).collect(Collectors.toSet());
            if (s.refused() == null) {
                drafts.clear();
                added.clear();
            } else {
                drafts.keySet().removeIf(k -> savedScopes.contains(k) && s.results().size() > indexOf(rules, k));
            }
            StringBuilder text = new StringBuilder();
            if (!s.results().isEmpty()) {
                text.append("Saved ").append(s.results().stream().map(RuleChangeResult::message).collect(Collectors.joining("; "))).append('.');
            }
            List<String> warned = s.results().stream().flatMap(r -> r.warnings().stream()).distinct().toList();
            if (!warned.isEmpty()) {
                text.append(" Warning: ").append(String.join("; ", warned)).append('.');
            }
            if (s.refused() != null) {
                text.append(text.length() == 0 ? "" : " ").append("Not saved: ").append(s.refused()).append('.');
            }
            say(s.refused() == null, text.toString().trim());
            refresh();
        }, e -> {
            saving.set(false);
            say(false, "Not saved: " + sentence(e.getMessage()) + " Nothing was changed.");
        });
    }

    private static int indexOf(List<ProposedRule> rules, RuleScope s) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).channel().equals(s.channel()) && java.util.Objects.equals(rules.get(i).sku(), s.sku())) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    // ---------------------------------------------------------------- misc

    private static RuleSettings settings(AllocationRule r) {
        return r == null ? null : r.settings();
    }

    private void say(boolean ok, String text) {
        messageOk.set(ok);
        message.set(text);
    }

    private static String sentence(String s) {
        String t = s == null || s.isBlank() ? "the database refused it" : s.trim();
        return t.endsWith(".") ? t : t + ".";
    }
}
