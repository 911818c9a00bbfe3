package dev.stockroom.ui;

import dev.stockroom.app.Services;
import dev.stockroom.ui.channels.ChannelsView;
import dev.stockroom.ui.channels.ChannelsViewModel;
import dev.stockroom.ui.audit.AuditView;
import dev.stockroom.ui.audit.AuditViewModel;
import dev.stockroom.ui.dashboard.DashboardView;
import dev.stockroom.ui.dashboard.DashboardViewModel;
import dev.stockroom.ui.desk.DeskView;
import dev.stockroom.ui.desk.DeskViewModel;
import dev.stockroom.ui.ledger.LedgerView;
import dev.stockroom.ui.ledger.LedgerViewModel;
import dev.stockroom.ui.orders.OrdersView;
import dev.stockroom.ui.orders.OrdersViewModel;
import dev.stockroom.ui.rules.RulesView;
import dev.stockroom.ui.rules.RulesViewModel;
import java.util.List;

/**
 * The screens the console shows, in navigation order (Ctrl+1, Ctrl+2, ...). Channels and sync,
 * and audit join this list when their services exist in {@link Services}.
 */
public final class ConsoleScreens {
    private ConsoleScreens() {
    }

    public static List<Screen> over(Services services, TaskRunner tasks, LiveState live) {
        return List.of(
                new Screen("dashboard", "Dashboard", "fth-grid",
                        () -> new DashboardView(new DashboardViewModel(services, tasks, live))),
                new Screen("desk", "Desk", "fth-maximize",
                        () -> new DeskView(new DeskViewModel(services, tasks, live))),
                new Screen("orders", "Orders", "fth-shopping-cart",
                        () -> new OrdersView(new OrdersViewModel(services, tasks, live))),
                new Screen("ledger", "Ledger", "fth-book-open",
                        () -> new LedgerView(new LedgerViewModel(services, tasks, live))),
                new Screen("rules", "Rules", "fth-sliders",
                        () -> new RulesView(new RulesViewModel(services, tasks, live))),
                new Screen("channels", "Channels", "fth-refresh-cw",
                        () -> new ChannelsView(new ChannelsViewModel(services, tasks, live))),
                new Screen("audit", "Audit", "fth-shield",
                        () -> new AuditView(AuditViewModel.connected(services, tasks, live))));
    }

    /** With no database (an auditor with only a file): the Audit screen alone. */
    public static List<Screen> auditOnly(TaskRunner tasks) {
        return List.of(new Screen("audit", "Audit", "fth-shield", () -> new AuditView(AuditViewModel.noDatabase(tasks))));
    }
}
