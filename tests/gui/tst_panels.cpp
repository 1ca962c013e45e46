// The app's panels, offscreen: the lease table panel (filter, selection sync, activation), the event
// log panel (filter, clear, following the tail), the config panel and editor (validation, review
// diff, writing only after confirmation, write errors; once against a real etcd through
// ClusterSession) and the charts panel (the values its series are built from).
#include "clustersession.h"
#include "clusterstate.h"
#include "etcdtestutil.h"
#include "models/eventlogmodel.h"
#include "models/leasefilterproxy.h"
#include "models/leasetablemodel.h"
#include "panels/chartspanel.h"
#include "panels/configeditordialog.h"
#include "panels/configpanel.h"
#include "panels/eventlogpanel.h"
#include "panels/leasetablepanel.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <QTextBlock>

using namespace tartan;
using namespace tartan::gui;

namespace {

const QByteArray kConfig = "{\n  \"Network\": \"10.244.0.0/16\",\n  \"Backend\": {\n    \"Type\": \"vxlan\"\n  }\n}\n";

Lease lease(const QString &subnet, const QString &publicIp, qint64 storeLease = 9)
{
    Lease lease;
    lease.subnet.ipv4 = *IpNetwork::parse(subnet);
    lease.attrs.publicIp = *IpAddress::parse(publicIp);
    lease.attrs.backendType = QStringLiteral("host-gw");
    lease.storeLeaseId = storeLease;
    return lease;
}

template <typename T>
T *child(QWidget *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

QList<qreal> valuesOf(QBarSet *set)
{
    QList<qreal> values;
    for (int i = 0; i < set->count(); ++i)
        values << set->at(i);
    return values;
}

qreal sumOf(QLineSeries *series)
{
    qreal sum = 0;
    for (const QPointF &point : series->points())
        sum += point.y();
    return sum;
}

/// A ConfigWriter that records its calls and answers when the test says so.
struct FakeWriter
{
    struct Call
    {
        QByteArray newText;
        QByteArray expectedOld;
        std::function<void(Status)> done;
    };
    ConfigWriter writer()
    {
        return [this](const QByteArray &newText, const QByteArray &expectedOld, std::function<void(Status)> done) {
            calls.append({newText, expectedOld, std::move(done)});
        };
    }
    QList<Call> calls;
};

} // namespace

class TestPanels : public QObject
{
    Q_OBJECT
private slots:
    void leaseTablePanelFiltersSelectsAndActivates()
    {
        ClusterState state;
        LeaseTablePanel panel(&state);
        panel.resize(800, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const Lease a = lease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"));
        const Lease b = lease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2"));
        const Lease c = lease(QStringLiteral("10.245.1.0/24"), QStringLiteral("192.168.1.3"));
        state.resetLeases({{a.subnet, a}, {b.subnet, b}, {c.subnet, c}});
        QCOMPARE(panel.view()->model()->rowCount(), 3);

        QSignalSpy current(&panel, &LeaseTablePanel::currentLeaseChanged);
        QSignalSpy activated(&panel, &LeaseTablePanel::leaseActivated);
        QVERIFY(panel.selectLease(b.subnet));
        QCOMPARE(panel.currentLease(), b.subnet);
        QCOMPARE(current.size(), 0); // programmatic selection does not echo
        QVERIFY(!panel.selectLease(lease(QStringLiteral("10.9.9.0/24"), QStringLiteral("1.1.1.1")).subnet));

        // The user moves down a row, then presses Enter.
        QTest::keyClick(panel.view(), Qt::Key_Down);
        QCOMPARE(current.size(), 1);
        QCOMPARE(current.at(0).at(0).value<SubnetKey>(), c.subnet);
        QTest::keyClick(panel.view(), Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<SubnetKey>(), c.subnet);

        // Typing in the filter box filters; a filtered-out lease cannot be selected.
        QTest::keyClicks(child<QLineEdit>(&panel, "leaseFilter"), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(panel.proxy()->filterText(), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(panel.view()->model()->rowCount(), 2);
        QVERIFY(!panel.selectLease(c.subnet));
        QVERIFY(panel.selectLease(a.subnet));
        // Clicking a header sorts; the subnet column by number.
        panel.setFilterText({});
        state.addLease(lease(QStringLiteral("10.244.10.0/24"), QStringLiteral("192.168.1.10")));
        panel.view()->sortByColumn(LeaseTableModel::SubnetColumn, Qt::DescendingOrder);
        QCOMPARE(panel.view()->model()->index(0, 0).data().toString(), QStringLiteral("10.245.1.0/24"));
        QCOMPARE(panel.view()->model()->index(1, 0).data().toString(), QStringLiteral("10.244.10.0/24"));
    }

    void eventLogPanelFiltersClearsAndFollowsTheTail()
    {
        ClusterState state;
        EventLogPanel panel(&state);
        panel.resize(600, 200);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (int i = 0; i < 200; ++i)
            state.addLease(lease(QStringLiteral("10.244.%1.0/24").arg(i), QStringLiteral("192.168.0.1")));
        panel.model()->flush();
        QCoreApplication::processEvents();
        QScrollBar *bar = panel.view()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(panel.isFollowing());

        // Scrolled up: new rows do not move the view.
        bar->setValue(10);
        QVERIFY(!panel.isFollowing());
        for (int i = 0; i < 50; ++i)
            state.removeLease(lease(QStringLiteral("10.244.%1.0/24").arg(i), QStringLiteral("192.168.0.1")));
        panel.model()->flush();
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), 10);
        // Back at the bottom: following again.
        bar->setValue(bar->maximum());
        state.addLease(lease(QStringLiteral("10.250.0.0/24"), QStringLiteral("192.168.0.1")));
        panel.model()->flush();
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), bar->maximum());

        QTest::keyClicks(child<QLineEdit>(&panel, "eventFilter"), QStringLiteral("REMOVED"));
        QCOMPARE(panel.proxy()->rowCount(), 50);
        child<QPushButton>(&panel, "clearEvents")->click();
        QCOMPARE(panel.model()->rowCount(), 0);
        QCOMPARE(panel.proxy()->rowCount(), 0);
    }

    void configPanelShowsTheSummaryOrTheError()
    {
        ClusterState state;
        ConfigPanel panel(&state);
        QVERIFY(panel.summaryText().contains(QStringLiteral("no network config")));
        QVERIFY(!child<QPushButton>(&panel, "editConfig")->isEnabled());

        state.setConfigText(R"({"EnableIPv6":true,"Network":"10.244.0.0/16","IPv6Network":"2001:cafe:42::/56","Backend":{"Type":"vxlan","VNI":4096,"Port":4789}})");
        const QString summary = panel.summaryText();
        QVERIFY2(summary.contains(QStringLiteral("IPv4 network: 10.244.0.0/16")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("IPv4 subnet length: /24")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("10.244.1.0 to 10.244.255.0 (255 subnets)")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("IPv6 network: 2001:cafe:42::/56")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Backend: vxlan")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("VNI 4096, port 4789")), qPrintable(summary));
        QVERIFY(child<QLabel>(&panel, "configError")->isHidden());
        // Pretty-printed, in the order written.
        QVERIFY(panel.displayedText().startsWith(QStringLiteral("{\n  \"EnableIPv6\": true,\n  \"Network\"")));

        state.setConfigText(R"({"Network":"10.244.0.0/16","SubnetLen":17})");
        QLabel *error = child<QLabel>(&panel, "configError");
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("SubnetLen")), qPrintable(error->text()));
        QCOMPARE(error->palette().color(QPalette::WindowText), QColor(0xc0, 0x20, 0x20));
        QVERIFY(!panel.summaryText().contains(QStringLiteral("Backend:")));

        // Not JSON at all: shown as stored.
        state.setConfigText("Network = 10.244.0.0/16");
        QCOMPARE(panel.displayedText(), QStringLiteral("Network = 10.244.0.0/16"));

        FakeWriter fake;
        panel.setConfigWriter(fake.writer());
        QVERIFY(child<QPushButton>(&panel, "editConfig")->isEnabled());
        ConfigEditorDialog *dialog = panel.openEditor();
        QVERIFY(dialog);
        QCOMPARE(dialog->text(), QByteArray("Network = 10.244.0.0/16"));
        dialog->reject();
    }

    void editorRefusesInvalidTextNamingTheField()
    {
        ClusterState state;
        state.setConfigText(kConfig);
        FakeWriter fake;
        ConfigEditorDialog dialog(&state, fake.writer());
        QPushButton *review = child<QPushButton>(&dialog, "reviewButton");
        QCOMPARE(dialog.text(), kConfig);
        QCOMPARE(dialog.validationMessage(), QStringLiteral("valid (no changes)"));
        QVERIFY(!review->isEnabled()); // nothing to save

        dialog.setText(R"({"Network":"10.244.0.0/16","SubnetLen":17})");
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.validationMessage().contains(QStringLiteral("SubnetLen")), qPrintable(dialog.validationMessage()));
        QVERIFY(!review->isEnabled());
        QVERIFY(!child<QPushButton>(&dialog, "saveButton")->isEnabled());
        dialog.review();
        QCOMPARE(dialog.page(), ConfigEditorDialog::Page::Edit);

        // Typing fixes it: validated on every keystroke.
        QPlainTextEdit *editor = child<QPlainTextEdit>(&dialog, "configEditor");
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral(R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan","VNI":2}})"));
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.validationMessage(), QStringLiteral("valid"));
        QVERIFY(review->isEnabled());
        QCOMPARE(fake.calls.size(), 0);
    }

    void editorWritesOnlyAfterTheReview()
    {
        ClusterState state;
        state.setConfigText(kConfig);
        FakeWriter fake;
        ConfigEditorDialog dialog(&state, fake.writer());
        QSignalSpy written(&dialog, &ConfigEditorDialog::written);
        dialog.show();
        QByteArray edited = kConfig;
        edited.replace("\"vxlan\"", "\"host-gw\"");
        edited.replace("10.244.0.0/16", "10.244.0.0/15");
        dialog.setText(edited);
        QTest::mouseClick(child<QPushButton>(&dialog, "reviewButton"), Qt::LeftButton);
        QCOMPARE(dialog.page(), ConfigEditorDialog::Page::Review);
        QCOMPARE(fake.calls.size(), 0);

        // The diff: old lines red with '-', new lines green with '+', the rest unchanged.
        QPlainTextEdit *diff = child<QPlainTextEdit>(&dialog, "diffView");
        const QStringList lines = diff->toPlainText().split(u'\n');
        QVERIFY2(lines.contains(QStringLiteral("-   \"Network\": \"10.244.0.0/16\",")), qPrintable(diff->toPlainText()));
        QVERIFY(lines.contains(QStringLiteral("+   \"Network\": \"10.244.0.0/15\",")));
        QVERIFY(lines.contains(QStringLiteral("-     \"Type\": \"vxlan\"")));
        QVERIFY(lines.contains(QStringLiteral("+     \"Type\": \"host-gw\"")));
        QVERIFY(lines.contains(QStringLiteral("  {")));
        for (QTextBlock block = diff->document()->begin(); block.isValid(); block = block.next()) {
            const QColor background = block.blockFormat().background().color();
            if (block.text().startsWith(u'-'))
                QCOMPARE(background, QColor(0xff, 0xdd, 0xdd));
            else if (block.text().startsWith(u'+'))
                QCOMPARE(background, QColor(0xdd, 0xff, 0xdd));
        }
        QCOMPARE(dialog.diff().lines().size(), lines.size());
        QVERIFY(child<QLabel>(&dialog, "diffSummary")->text().contains(QStringLiteral("Lines removed: 2, added: 2")));

        // Back and forth changes nothing; Save writes once, with the text and the value opened.
        QTest::mouseClick(child<QPushButton>(&dialog, "backButton"), Qt::LeftButton);
        QCOMPARE(dialog.page(), ConfigEditorDialog::Page::Edit);
        QCOMPARE(fake.calls.size(), 0);
        dialog.review();
        QTest::mouseClick(child<QPushButton>(&dialog, "saveButton"), Qt::LeftButton);
        QCOMPARE(fake.calls.size(), 1);
        QCOMPARE(fake.calls.at(0).newText, edited);
        QCOMPARE(fake.calls.at(0).expectedOld, kConfig);
        // While the write is under way nothing can be pressed twice.
        QVERIFY(!child<QPushButton>(&dialog, "saveButton")->isEnabled());
        QVERIFY(!child<QPushButton>(&dialog, "backButton")->isEnabled());
        dialog.save();
        QCOMPARE(fake.calls.size(), 1);

        fake.calls.at(0).done(Status());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(written.size(), 1);
        QVERIFY(!dialog.isVisible());
    }

    void editorShowsAWriteErrorAndKeepsTheText()
    {
        ClusterState state;
        state.setConfigText(kConfig);
        FakeWriter fake;
        ConfigEditorDialog dialog(&state, fake.writer());
        dialog.show();
        const QByteArray edited = R"({"Network":"10.250.0.0/16"})";
        dialog.setText(edited);
        dialog.review();
        dialog.save();
        QCOMPARE(fake.calls.size(), 1);
        fake.calls.at(0).done(Error(QStringLiteral("writing /coreos.com/network/config: the config changed in the store since you opened it")));
        QLabel *error = child<QLabel>(&dialog, "writeError");
        QVERIFY(!error->isHidden());
        QVERIFY(error->text().contains(QStringLiteral("changed in the store")));
        QCOMPARE(dialog.page(), ConfigEditorDialog::Page::Review);
        QCOMPARE(dialog.text(), edited);
        QVERIFY(dialog.isVisible());
        QVERIFY(child<QPushButton>(&dialog, "saveButton")->isEnabled());

        // The store moves on: the dialog compares against, and expects, the new value.
        const QByteArray theirs = R"({"Network":"10.251.0.0/16"})";
        state.setConfigText(theirs);
        QCOMPARE(dialog.baseText(), theirs);
        QVERIFY(!child<QLabel>(&dialog, "baseNotice")->isHidden());
        QVERIFY(child<QPlainTextEdit>(&dialog, "diffView")->toPlainText().contains(QStringLiteral("- {\"Network\":\"10.251.0.0/16\"}")));
        dialog.save();
        QCOMPARE(fake.calls.size(), 2);
        QCOMPARE(fake.calls.at(1).expectedOld, theirs);
        QCOMPARE(fake.calls.at(1).newText, edited);
    }

    void editorFormatsCompactJsonForALineByLineReview()
    {
        ClusterState state;
        const QByteArray compact = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";
        state.setConfigText(compact);
        FakeWriter fake;
        ConfigEditorDialog dialog(&state, fake.writer());
        child<QPushButton>(&dialog, "formatButton")->click();
        QCOMPARE(dialog.text(), QByteArray("{\n  \"Network\": \"10.244.0.0/16\",\n  \"Backend\": {\n    \"Type\": \"vxlan\"\n  }\n}\n"));
        QVERIFY(dialog.isValid());
        // Text that is not JSON is left alone.
        dialog.setText("not json");
        dialog.format();
        QCOMPARE(dialog.text(), QByteArray("not json"));
        QCOMPARE(fake.calls.size(), 0);
    }

    void editorStartsFromATemplateWhenTheStoreHasNoConfig()
    {
        ClusterState state;
        FakeWriter fake;
        ConfigEditorDialog dialog(&state, fake.writer());
        QCOMPARE(dialog.text(), ConfigEditorDialog::templateText());
        QVERIFY(dialog.isValid());
        dialog.review();
        QCOMPARE(dialog.page(), ConfigEditorDialog::Page::Review);
        // Every line is new.
        const LineDiff diff = dialog.diff();
        for (const LineDiff::Line &line : diff.lines())
            QCOMPARE(line.kind, LineDiff::Kind::Added);
        dialog.save();
        QCOMPARE(fake.calls.size(), 1);
        QCOMPARE(fake.calls.at(0).expectedOld, QByteArray());
    }

    void editorWritesThroughARealSession()
    {
        QString why;
        if (!tartan::test::EtcdFixture::available(&why))
            QSKIP(qPrintable(why));
        tartan::test::EtcdFixture etcd;
        TARTAN_VERIFY_OK(etcd.start());
        const QString prefix = QStringLiteral("/test.example/network");
        const StoreLayout layout(prefix);
        auto client = tartan::test::makeClient(etcd.clientUrls());
        TARTAN_VERIFY_OK(client);
        tartan::test::SyncEtcd store(**client);
        TARTAN_VERIFY_OK(store.put(layout.configKey(), kConfig));

        ClusterState state;
        EtcdClientOptions options;
        options.endpoints = etcd.clientUrls();
        auto session = ClusterSession::create(options, prefix, &state);
        TARTAN_VERIFY_OK(session);
        (*session)->start();
        QTRY_COMPARE_WITH_TIMEOUT(state.connection(), ClusterState::Connection::Connected, 10000);
        QCOMPARE(state.configText(), kConfig);

        ConfigPanel panel(&state);
        ClusterSession *live = session->get();
        panel.setConfigWriter([live, &panel](const QByteArray &newText, const QByteArray &expectedOld, std::function<void(Status)> done) {
            live->writeConfig(newText, expectedOld, &panel, std::move(done));
        });
        ConfigEditorDialog *dialog = panel.openEditor();
        QVERIFY(dialog);
        QSignalSpy finished(dialog, &QDialog::finished);
        const QByteArray edited = R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})";
        dialog->setText(edited);
        dialog->review();
        dialog->save();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(finished.at(0).at(0).toInt(), int(QDialog::Accepted));
        const auto stored = store.get(layout.configKey());
        TARTAN_VERIFY_OK(stored);
        QCOMPARE(stored->kvs.value(0).value, edited);
        // The watch brings it back into the state, and the panel shows it.
        QTRY_COMPARE_WITH_TIMEOUT(state.configText(), edited, 10000);
        QVERIFY(panel.summaryText().contains(QStringLiteral("Backend: host-gw")));

        // An editor opened on what was there before someone else wrote: the write is refused, the
        // error is shown and the text kept.
        ClusterState stale;
        stale.setConfigText(kConfig);
        ConfigEditorDialog late(&stale, [live, &panel](const QByteArray &newText, const QByteArray &expectedOld, std::function<void(Status)> done) {
            live->writeConfig(newText, expectedOld, &panel, std::move(done));
        });
        late.show();
        const QByteArray mine = R"({"Network":"10.249.0.0/16"})";
        late.setText(mine);
        late.review();
        late.save();
        QLabel *error = child<QLabel>(&late, "writeError");
        QTRY_VERIFY_WITH_TIMEOUT(!error->isHidden(), 10000);
        QVERIFY2(error->text().contains(QStringLiteral("changed in the store")), qPrintable(error->text()));
        QCOMPARE(late.text(), mine);
        QVERIFY(late.isVisible());
        const auto after = store.get(layout.configKey());
        TARTAN_VERIFY_OK(after);
        QCOMPARE(after->kvs.value(0).value, edited);
        (*session)->stop();
    }

    void chartsPanelBuildsItsSeriesFromTheState()
    {
        ClusterState state;
        ChartsPanel panel(&state);
        state.setConfigText(R"({"EnableIPv6":true,"Network":"10.244.0.0/16","IPv6Network":"2001:cafe:42::/56"})");
        Lease dual = lease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1"));
        dual.subnet.ipv6 = *IpNetwork::parse(QStringLiteral("2001:cafe:42:1::/64"));
        state.resetLeases({{dual.subnet, dual}});
        state.addLease(lease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2")));
        state.addLease(lease(QStringLiteral("10.244.3.0/24"), QStringLiteral("192.168.1.3"), 0)); // reservation
        state.addLease(lease(QStringLiteral("10.9.0.0/24"), QStringLiteral("192.168.1.4")));      // outside the pool
        const Lease gone = lease(QStringLiteral("10.244.4.0/24"), QStringLiteral("192.168.1.5"));
        state.addLease(gone);
        state.removeLease(gone);
        Lease moved = dual;
        moved.attrs.publicIp = *IpAddress::parse(QStringLiteral("192.168.1.99"));
        state.changeLease(dual, moved);
        panel.refresh();

        // Pool: one bar per family; allocated / reserved / free.
        const QList<QBarSet *> sets = panel.poolSeries()->barSets();
        QCOMPARE(sets.size(), 3);
        QCOMPARE(valuesOf(sets.at(0)), QList<qreal>({2, 1}));
        QCOMPARE(valuesOf(sets.at(1)), QList<qreal>({1, 0}));
        QCOMPARE(valuesOf(sets.at(2)), QList<qreal>({252, 254}));

        // Events: 4 added (resetLeases is a list, not additions), 1 changed, 1 removed.
        QCOMPARE(panel.eventSeries(ClusterEvent::Kind::Added)->count(), EventRateHistory::kBucketCount);
        QCOMPARE(sumOf(panel.eventSeries(ClusterEvent::Kind::Added)), 4.0);
        QCOMPARE(sumOf(panel.eventSeries(ClusterEvent::Kind::Changed)), 1.0);
        QCOMPARE(sumOf(panel.eventSeries(ClusterEvent::Kind::Removed)), 1.0);
        QVERIFY(!panel.eventSeries(ClusterEvent::Kind::Listed));

        // An invalid config empties the pool chart.
        state.setConfigText(R"({"Network":"10.244.0.0/33"})");
        panel.refresh();
        QCOMPARE(sets.at(0)->count(), 0);
    }

    void chartsPanelEventsWindowSlidesWithTheClock()
    {
        ClusterState state;
        ChartsPanel panel(&state);
        QDateTime now = QDateTime::currentDateTimeUtc();
        panel.setClock([&now] { return now; });
        state.addLease(lease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1")));
        panel.refresh();
        QCOMPARE(sumOf(panel.eventSeries(ClusterEvent::Kind::Added)), 1.0);
        now = now.addSecs(11 * 60); // the event has left the last ten minutes
        panel.refresh();
        QCOMPARE(sumOf(panel.eventSeries(ClusterEvent::Kind::Added)), 0.0);
        QCOMPARE(panel.eventSeries(ClusterEvent::Kind::Added)->points().last().x(),
                 qreal(QDateTime::fromMSecsSinceEpoch(EventRateHistory::bucketOf(now) * EventRateHistory::kBucketSeconds * 1000).toMSecsSinceEpoch()));
    }

    void chartsPanelNodeFiguresNeedAgentReports()
    {
        ClusterState state;
        ChartsPanel panel(&state);
        panel.refresh();
        QVERIFY(!panel.showsNodeCharts());
        QVERIFY(child<QLabel>(&panel, "nodesEmptyState")->text().contains(QStringLiteral("agent reports")));

        QMap<SubnetKey, NodeFigures> figures;
        figures.insert(lease(QStringLiteral("10.244.1.0/24"), QStringLiteral("192.168.1.1")).subnet, NodeFigures{3, 4, 5, 1024 * 1024, 2 * 1024 * 1024});
        figures.insert(lease(QStringLiteral("10.244.2.0/24"), QStringLiteral("192.168.1.2")).subnet, NodeFigures{30, 40, 50, 0, 0});
        panel.setNodeFigures(figures);
        panel.refresh();
        QVERIFY(panel.showsNodeCharts());
        const QList<QBarSet *> tables = panel.nodeTableSeries()->barSets();
        QCOMPARE(tables.size(), 3);
        // Largest tables first.
        QCOMPARE(valuesOf(tables.at(0)), QList<qreal>({30, 3}));
        QCOMPARE(valuesOf(tables.at(1)), QList<qreal>({40, 4}));
        QCOMPARE(valuesOf(tables.at(2)), QList<qreal>({50, 5}));
        const QList<QBarSet *> traffic = panel.nodeTrafficSeries()->barSets();
        QCOMPARE(valuesOf(traffic.at(0)), QList<qreal>({0, 1}));
        QCOMPARE(valuesOf(traffic.at(1)), QList<qreal>({0, 2}));

        // Many nodes: only the largest are drawn.
        for (int i = 0; i < 100; ++i)
            figures.insert(lease(QStringLiteral("10.245.%1.0/24").arg(i), QStringLiteral("192.168.2.1")).subnet, NodeFigures{i, 0, 0, 0, 0});
        panel.setNodeFigures(figures);
        panel.refresh();
        QCOMPARE(panel.nodeTableSeries()->barSets().at(0)->count(), ChartsPanel::kMaxNodesShown);
        QCOMPARE(panel.nodeTableSeries()->barSets().at(0)->at(0), 30.0); // 120 entries in all
        QCOMPARE(panel.nodeTableSeries()->barSets().at(0)->at(1), 99.0);
        QCOMPARE(panel.nodeTableSeries()->barSets().at(0)->at(39), 61.0);

        panel.setNodeFigures({});
        panel.refresh();
        QVERIFY(!panel.showsNodeCharts());
    }
};

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
