// The assembled window against a real etcd: connecting fills every view, the menus reach every
// action from the keyboard, and `tartan --screenshot` renders a loaded store into a PNG.
#include "clusterstate.h"
#include "etcdtestutil.h"
#include "mainwindow.h"
#include "panels/leasetablepanel.h"
#include "topology/topologyscene.h"

#include <QAction>
#include <QImage>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTableView>
#include <QTest>

using namespace tartan;
using namespace tartan::gui;
using namespace tartan::test;

namespace {

const QByteArray kPrefix = "/coreos.com/network";
const QByteArray kConfig = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

QByteArray leaseValue(int node)
{
    return QStringLiteral(R"({"PublicIP":"192.168.7.%1","BackendType":"vxlan","BackendData":{"VNI":1,"VtepMAC":"02:00:00:00:00:%2"}})")
        .arg(node)
        .arg(node, 2, 16, QLatin1Char('0'))
        .toUtf8();
}

QByteArray leaseKey(int node)
{
    return kPrefix + "/subnets/10.244." + QByteArray::number(node) + ".0-24";
}

// Every action must be reachable from the keyboard: a shortcut, or a mnemonic on it and its menu.
void collectUnreachable(QMenu *menu, bool menuHasMnemonic, QStringList &unreachable)
{
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        const bool mnemonic = menuHasMnemonic && action->text().contains(QLatin1Char('&'));
        if (action->menu()) {
            collectUnreachable(action->menu(), mnemonic, unreachable);
            continue;
        }
        if (action->shortcuts().isEmpty() && !mnemonic)
            unreachable << action->text();
    }
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TartanTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QString why;
        if (!EtcdFixture::available(&why))
            QSKIP(qPrintable(why));
        TARTAN_VERIFY_OK(mEtcd.start());
        auto client = makeClient(mEtcd.clientUrls());
        TARTAN_VERIFY_OK(client);
        mClient = std::move(client).value();
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(kPrefix + "/config", kConfig));
        for (int node = 1; node <= 3; ++node)
            TARTAN_VERIFY_OK(etcd.put(leaseKey(node), leaseValue(node)));
    }

    void connectingFillsEveryView()
    {
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::loaded);
        EtcdClientOptions options;
        options.endpoints = mEtcd.clientUrls();
        TARTAN_VERIFY_OK(window.connectTo(options, QString::fromLatin1(kPrefix)));
        window.show();
        QVERIFY(loaded.wait(15000));
        QCOMPARE(window.clusterState()->leases().size(), 3);
        QVERIFY(window.clusterState()->config().ok());
        QCOMPARE(window.topologyScene()->nodeCount(), 3);
        auto *table = window.findChild<LeaseTablePanel *>();
        QVERIFY(table);
        QCOMPARE(table->view()->model()->rowCount(), 3);
        QVERIFY(window.windowTitle().contains(QStringLiteral("127.0.0.1")));

        // Live: a fourth node appears in the topology and the table.
        SyncEtcd etcd(*mClient);
        TARTAN_VERIFY_OK(etcd.put(leaseKey(4), leaseValue(4)));
        QTRY_COMPARE_WITH_TIMEOUT(window.topologyScene()->nodeCount(), 4, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(table->view()->model()->rowCount(), 4, 10000);
        TARTAN_VERIFY_OK(etcd.deleteRange(etcd::DeleteRangeRequest{leaseKey(4), {}}));
        QTRY_COMPARE_WITH_TIMEOUT(window.topologyScene()->nodeCount(), 3, 10000);

        // Selecting in the topology selects the row.
        const SubnetKey first = window.clusterState()->leases().firstKey();
        window.topologyScene()->selectNode(first);
        QCOMPARE(table->currentLease(), first);

        window.disconnectFromCluster();
        QCOMPARE(window.clusterState()->connection(), ClusterState::Connection::Disconnected);
        QCOMPARE(window.topologyScene()->nodeCount(), 0);
    }

    void everyActionIsReachableFromTheKeyboard()
    {
        MainWindow window;
        QStringList unreachable;
        int menus = 0;
        for (QAction *top : window.menuBar()->actions()) {
            QVERIFY2(top->text().contains(QLatin1Char('&')), qPrintable(top->text()));
            collectUnreachable(top->menu(), true, unreachable);
            ++menus;
        }
        QCOMPARE(menus, 4);
        QVERIFY2(unreachable.isEmpty(), qPrintable(unreachable.join(QStringLiteral(", "))));
        // No two actions share a shortcut.
        QHash<QString, QString> owners;
        const QList<QAction *> actions = window.findChildren<QAction *>();
        for (QAction *action : actions) {
            for (const QKeySequence &keys : action->shortcuts()) {
                const QString text = keys.toString();
                QVERIFY2(!owners.contains(text) || owners.value(text) == action->text(),
                         qPrintable(QStringLiteral("%1: %2 and %3").arg(text, owners.value(text), action->text())));
                owners.insert(text, action->text());
            }
        }
    }

    void screenshotRendersTheLoadedStore()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("tartan.png"));
        QProcess tartan;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.path()); // not the user's settings
        tartan.setProcessEnvironment(environment);
        const QUrl endpoint = mEtcd.clientUrl(0);
        tartan.start(QStringLiteral(TARTAN_BIN_DIR "/tartan"),
                     {QStringLiteral("--connect"), QStringLiteral("etcd://%1:%2").arg(endpoint.host()).arg(endpoint.port()),
                      QStringLiteral("--screenshot"), png});
        QVERIFY(tartan.waitForFinished(60000));
        QVERIFY2(tartan.exitCode() == 0, tartan.readAllStandardError().constData());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);

        // A store that is not there: the screenshot fails with a reason, it does not hang.
        QProcess failing;
        failing.setProcessEnvironment(environment);
        failing.start(QStringLiteral(TARTAN_BIN_DIR "/tartan"),
                      {QStringLiteral("--connect"), QStringLiteral("etcd://127.0.0.1:1"), QStringLiteral("--screenshot"),
                       dir.filePath(QStringLiteral("never.png")), QStringLiteral("--screenshot-timeout"), QStringLiteral("3")});
        QVERIFY(failing.waitForFinished(30000));
        QCOMPARE(failing.exitCode(), 1);
        QVERIFY(failing.readAllStandardError().contains("did not load"));
    }

private:
    EtcdFixture mEtcd;
    std::unique_ptr<EtcdClient> mClient;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
