// The connect flow of the app, offscreen: the recent-clusters list (round trip through a real
// settings file, never a password in it), the connect dialog's input checks and its "Test
// connection" against a real etcd, the start page's signals (recent entries, the local lab), and
// the connection badge.
#include "clusterstate.h"
#include "connect/connectdialog.h"
#include "connect/connectionbadge.h"
#include "connect/recentclusters.h"
#include "connect/startpage.h"
#include "etcdtestutil.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using namespace tartan::gui;
using namespace tartan::test;

namespace {

const QByteArray kPassword = "hunter2-do-not-store";
const QByteArray kConfig = R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void setText(QWidget *parent, const char *name, const QString &text)
{
    auto *edit = parent->findChild<QLineEdit *>(QString::fromLatin1(name));
    QVERIFY2(edit, name);
    edit->setText(text);
}

quint16 unusedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

/// What a StartPage asked for.
struct Requests
{
    explicit Requests(StartPage &page)
    {
        QObject::connect(&page, &StartPage::connectRequested, &context, [this](const EtcdClientOptions &options, const QString &prefix) {
            this->options << options;
            prefixes << prefix;
        });
    }
    QObject context;
    QList<EtcdClientOptions> options;
    QStringList prefixes;
};

RecentCluster entry(const QString &url, const QString &user = {})
{
    RecentCluster recent;
    recent.url = url;
    recent.username = user;
    return recent;
}

} // namespace

class TestConnect : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // Nothing of the user's own settings is read or written.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TartanTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_connect"));
        QVERIFY(mDir.isValid());
    }

    void recentClustersRoundTrip()
    {
        RecentClusters recents(mDir.filePath(QStringLiteral("roundtrip.ini")));
        QVERIFY(recents.entries().isEmpty());

        EtcdClientOptions options;
        options.endpoints = {QUrl(QStringLiteral("https://10.0.0.1:2379")), QUrl(QStringLiteral("https://10.0.0.2:2379"))};
        options.caFile = QStringLiteral("/etc/tartan/ca.pem");
        options.certFile = QStringLiteral("/etc/tartan/client.pem");
        options.keyFile = QStringLiteral("/etc/tartan/client-key.pem");
        options.username = QStringLiteral("flannel");
        options.password = QString::fromLatin1(kPassword);
        auto first = RecentCluster::from(options, QStringLiteral("/example.com/network"));
        TARTAN_VERIFY_OK(first);
        QCOMPARE(first->url, QStringLiteral("etcds://10.0.0.1:2379,10.0.0.2:2379/example.com/network"));
        recents.remember(*first);

        const QList<RecentCluster> read = recents.entries();
        QCOMPARE(read.size(), 1);
        QCOMPARE(read[0].url, first->url);
        QCOMPARE(read[0].caFile, options.caFile);
        QCOMPARE(read[0].certFile, options.certFile);
        QCOMPARE(read[0].keyFile, options.keyFile);
        QCOMPARE(read[0].username, options.username);
        QVERIFY(read[0].lastUsed.isValid());
        auto back = read[0].options();
        TARTAN_VERIFY_OK(back);
        QCOMPARE(back->endpoints, options.endpoints);
        QCOMPARE(back->username, options.username);
        QVERIFY(back->password.isEmpty());
        QCOMPARE(read[0].prefix(), QStringLiteral("/example.com/network"));

        const QByteArray file = readFile(recents.fileName());
        QVERIFY(file.contains("etcds://10.0.0.1:2379"));
        QVERIFY(!file.contains(kPassword));

        // Most recent first, no duplicates, at most ten.
        for (int i = 1; i <= 12; ++i)
            recents.remember(entry(QStringLiteral("etcd://10.1.0.%1:2379/coreos.com/network").arg(i)));
        QList<RecentCluster> list = recents.entries();
        QCOMPARE(list.size(), RecentClusters::kMaxEntries);
        QCOMPARE(list.first().url, QStringLiteral("etcd://10.1.0.12:2379/coreos.com/network"));
        QCOMPARE(list.last().url, QStringLiteral("etcd://10.1.0.3:2379/coreos.com/network"));
        recents.remember(entry(QStringLiteral("etcd://10.1.0.5:2379/coreos.com/network")));
        list = recents.entries();
        QCOMPARE(list.size(), RecentClusters::kMaxEntries);
        QCOMPARE(list.first().url, QStringLiteral("etcd://10.1.0.5:2379/coreos.com/network"));
        QCOMPARE(std::count_if(list.cbegin(), list.cend(), [](const RecentCluster &e) { return e.url.contains(QLatin1String("10.1.0.5:")); }), 1);

        recents.forget(QStringLiteral("etcd://10.1.0.5:2379/coreos.com/network"));
        list = recents.entries();
        QCOMPARE(list.size(), RecentClusters::kMaxEntries - 1);
        QCOMPARE(list.first().url, QStringLiteral("etcd://10.1.0.12:2379/coreos.com/network"));

        // Another instance on the same file sees the same list.
        QCOMPARE(RecentClusters(recents.fileName()).entries(), list);
    }

    void defaultSettingsStayInTestLocation()
    {
        RecentClusters recents;
        const QString configHome = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QVERIFY2(recents.fileName().startsWith(configHome), qPrintable(recents.fileName() + QStringLiteral(" vs ") + configHome));
        QVERIFY2(configHome.contains(QLatin1String("qttest")), qPrintable(configHome));
        recents.clear();
        recents.remember(entry(QStringLiteral("etcd://127.0.0.1:2379/coreos.com/network"), QStringLiteral("root")));
        QCOMPARE(RecentClusters().entries().size(), 1);
        QVERIFY(readFile(recents.fileName()).contains("127.0.0.1:2379"));
        QFile::remove(recents.fileName());
        QDir().rmdir(QFileInfo(recents.fileName()).absolutePath());
    }

    void dialogChecksInput()
    {
        ConnectDialog dialog;
        setText(&dialog, "endpoints", QStringLiteral("etcd://a:99999"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY2(dialog.resultText().contains(QLatin1String("port '99999'")), qPrintable(dialog.resultText()));

        setText(&dialog, "endpoints", QStringLiteral("10.0.0.1:2379, ftp://x"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY2(dialog.resultText().contains(QLatin1String("'ftp://x'")), qPrintable(dialog.resultText()));

        setText(&dialog, "endpoints", QStringLiteral("http://10.0.0.1:2379"));
        setText(&dialog, "caFile", mDir.filePath(QStringLiteral("missing-ca.pem")));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY2(dialog.resultText().contains(QLatin1String("etcd CA file")), qPrintable(dialog.resultText()));

        setText(&dialog, "caFile", QString());
        setText(&dialog, "prefix", QStringLiteral("no-leading-slash"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY2(dialog.resultText().contains(QLatin1String("must start with '/'")), qPrintable(dialog.resultText()));

        // A cluster address fills both fields.
        setText(&dialog, "endpoints", QStringLiteral("etcds://10.0.0.1:2379,10.0.0.2/example.com/net"));
        setText(&dialog, "password", QString::fromLatin1(kPassword));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        auto options = dialog.options();
        TARTAN_VERIFY_OK(options);
        QCOMPARE(options->endpoints, (QList<QUrl>{QUrl(QStringLiteral("https://10.0.0.1:2379")), QUrl(QStringLiteral("https://10.0.0.2:2379"))}));
        QCOMPARE(dialog.prefix(), QStringLiteral("/example.com/net"));
        QCOMPARE(options->password, QString::fromLatin1(kPassword));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("password"))->echoMode(), QLineEdit::Password);
        auto recent = dialog.entry();
        TARTAN_VERIFY_OK(recent);
        QCOMPARE(recent->url, QStringLiteral("etcds://10.0.0.1:2379,10.0.0.2:2379/example.com/net"));
    }

    void dialogTestsAgainstRealEtcd()
    {
        QString why;
        if (!EtcdFixture::available(&why))
            QSKIP(qPrintable(why));
        EtcdFixture etcd;
        TARTAN_VERIFY_OK(etcd.start());
        auto client = makeClient(etcd.clientUrls());
        TARTAN_VERIFY_OK(client);
        SyncEtcd sync(**client);
        TARTAN_VERIFY_OK(sync.put("/coreos.com/network/config", kConfig));
        TARTAN_VERIFY_OK(sync.put("/coreos.com/network/subnets/10.244.1.0-24", R"({"PublicIP":"192.168.0.1","PublicIPv6":null})"));

        ConnectDialog dialog;
        QSignalSpy finished(&dialog, &ConnectDialog::testFinished);
        setText(&dialog, "endpoints", etcd.clientUrl(0).toString());
        auto *button = dialog.findChild<QPushButton *>(QStringLiteral("testButton"));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!button->isEnabled()); // one test at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QVERIFY(finished.first().at(0).toBool());
        QVERIFY(button->isEnabled());
        QVERIFY2(dialog.resultText().contains(QStringLiteral("Connected to %1").arg(etcd.clientUrl(0).toString())), qPrintable(dialog.resultText()));
        QVERIFY2(dialog.resultText().contains(QLatin1String("10.244.0.0/16, backend vxlan")), qPrintable(dialog.resultText()));
        QVERIFY2(dialog.resultText().contains(QLatin1String("1 lease")), qPrintable(dialog.resultText()));

        // A wrong port: the message names the endpoint and the cause.
        const QString wrong = QStringLiteral("http://127.0.0.1:%1").arg(unusedPort());
        setText(&dialog, "endpoints", wrong);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 15000);
        QVERIFY(!finished.last().at(0).toBool());
        QCOMPARE(dialog.resultText(), QStringLiteral("etcd %1 /v3/kv/range: connection refused").arg(wrong));

        // A wrong prefix: reachable, but no config there.
        setText(&dialog, "endpoints", etcd.clientUrl(0).toString());
        setText(&dialog, "prefix", QStringLiteral("/elsewhere/network"));
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 15000);
        QVERIFY(!finished.last().at(0).toBool());
        QVERIFY2(dialog.resultText().startsWith(QLatin1String("no network config at /elsewhere/network/config")), qPrintable(dialog.resultText()));
    }

    void startPageConnectsToRecentEntries()
    {
        RecentClusters recents(mDir.filePath(QStringLiteral("startpage.ini")));
        recents.clear();
        recents.remember(entry(QStringLiteral("etcd://10.2.0.3:2379/coreos.com/network")));
        recents.remember(entry(QStringLiteral("etcds://10.2.0.2:2379/example.com/network"), QStringLiteral("flannel")));
        recents.remember(entry(QStringLiteral("etcd://10.2.0.1:2379,10.2.0.9:2379/coreos.com/network")));

        StartPage page(recents);
        page.setLabStateRoot(mDir.filePath(QStringLiteral("no-labs")));
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        Requests requests(page);
        auto *list = page.findChild<QListWidget *>(QStringLiteral("recentList"));
        QVERIFY(list);
        QCOMPARE(list->count(), 3);
        QVERIFY(list->item(0)->text().startsWith(QLatin1String("etcd://10.2.0.1:2379,10.2.0.9:2379")));

        // Enter on the current entry connects.
        list->setCurrentRow(0);
        QTest::keyClick(list, Qt::Key_Return);
        QCOMPARE(requests.options.size(), 1);
        QCOMPARE(requests.options[0].endpoints, (QList<QUrl>{QUrl(QStringLiteral("http://10.2.0.1:2379")), QUrl(QStringLiteral("http://10.2.0.9:2379"))}));
        QCOMPARE(requests.prefixes[0], QStringLiteral("/coreos.com/network"));

        // Double click connects too, and moves the entry to the top.
        QListWidgetItem *last = list->item(2);
        QVERIFY(last->text().startsWith(QLatin1String("etcd://10.2.0.3:2379")));
        const QPoint centre = list->visualItemRect(last).center();
        // QTest's double click on a widget sends the double-click event alone; a view only takes
        // it after the press of the first click, as a real mouse gives it.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(requests.options.size(), 1); // one click does not connect
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(requests.options.size(), 2);
        QCOMPARE(requests.options[1].endpoints, QList<QUrl>{QUrl(QStringLiteral("http://10.2.0.3:2379"))});
        QCOMPARE(recents.entries().first().url, QStringLiteral("etcd://10.2.0.3:2379/coreos.com/network"));
        QVERIFY(list->item(0)->text().startsWith(QLatin1String("etcd://10.2.0.3:2379")));

        // Delete forgets the current entry.
        list->setCurrentRow(0);
        QTest::keyClick(list, Qt::Key_Delete);
        QCOMPARE(list->count(), 2);
        QCOMPARE(recents.entries().size(), 2);
        QVERIFY(!recents.entries().first().url.contains(QLatin1String("10.2.0.3")));
        QVERIFY(page.note().contains(QLatin1String("10.2.0.3")));
        QCOMPARE(requests.options.size(), 2);

        // An entry with a user name needs the password: the dialog opens, filled in.
        int withUser = -1;
        for (int i = 0; i < list->count(); ++i)
            if (list->item(i)->text().contains(QLatin1String("flannel")))
                withUser = i;
        QVERIFY(withUser >= 0);
        list->setCurrentRow(withUser);
        QTest::keyClick(list, Qt::Key_Enter);
        QCOMPARE(requests.options.size(), 2);
        auto *dialog = page.findChild<ConnectDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("username"))->text(), QStringLiteral("flannel"));
        QCOMPARE(dialog->findChild<QLineEdit *>(QStringLiteral("endpoints"))->text(), QStringLiteral("https://10.2.0.2:2379"));
        QCOMPARE(dialog->prefix(), QStringLiteral("/example.com/network"));
        QVERIFY(dialog->findChild<QLineEdit *>(QStringLiteral("password"))->text().isEmpty());
        setText(dialog, "password", QString::fromLatin1(kPassword));
        dialog->accept();
        QCOMPARE(requests.options.size(), 3);
        QCOMPARE(requests.options[2].username, QStringLiteral("flannel"));
        QCOMPARE(requests.options[2].password, QString::fromLatin1(kPassword)); // the session needs it ...
        QCOMPARE(requests.prefixes[2], QStringLiteral("/example.com/network"));
        QVERIFY(!readFile(recents.fileName()).contains(kPassword));            // ... the settings never see it
        QCOMPARE(recents.entries().first().url, QStringLiteral("etcds://10.2.0.2:2379/example.com/network"));
    }

    void startPageConnectDialogRemembersWithoutPassword()
    {
        RecentClusters recents(mDir.filePath(QStringLiteral("dialog.ini")));
        recents.clear();
        StartPage page(recents);
        page.setLabStateRoot(mDir.filePath(QStringLiteral("no-labs")));
        page.show();
        Requests requests(page);
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
        auto *dialog = page.findChild<ConnectDialog *>();
        QVERIFY(dialog);
        setText(dialog, "endpoints", QStringLiteral("127.0.0.1:2379"));
        setText(dialog, "username", QStringLiteral("root"));
        setText(dialog, "password", QString::fromLatin1(kPassword));
        dialog->reject();
        QCOMPARE(requests.options.size(), 0);
        QVERIFY(recents.entries().isEmpty());

        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("connectButton")), Qt::LeftButton);
        QTRY_COMPARE(page.findChildren<ConnectDialog *>().size(), 1); // the first one deleted itself
        dialog = page.findChild<ConnectDialog *>();
        setText(dialog, "endpoints", QStringLiteral("127.0.0.1:2379"));
        setText(dialog, "username", QStringLiteral("root"));
        setText(dialog, "password", QString::fromLatin1(kPassword));
        dialog->accept();
        QCOMPARE(requests.options.size(), 1);
        QCOMPARE(requests.options[0].password, QString::fromLatin1(kPassword));
        QCOMPARE(recents.entries().size(), 1);
        QCOMPARE(recents.entries().first().url, QStringLiteral("etcd://127.0.0.1:2379/coreos.com/network"));
        QCOMPARE(recents.entries().first().username, QStringLiteral("root"));
        const QByteArray file = readFile(recents.fileName());
        QVERIFY(file.contains("root"));
        QVERIFY(!file.contains(kPassword));
    }

    void startPageOpensTheLocalLab()
    {
        RecentClusters recents(mDir.filePath(QStringLiteral("lab.ini")));
        recents.clear();
        const QString root = mDir.filePath(QStringLiteral("labs"));
        StartPage page(recents);
        page.setLabStateRoot(root);
        page.show();
        Requests requests(page);
        auto *labButton = page.findChild<QPushButton *>(QStringLiteral("labButton"));
        QVERIFY(labButton);

        // No lab: the page says how to start one.
        QTest::mouseClick(labButton, Qt::LeftButton);
        QCOMPARE(requests.options.size(), 0);
        QVERIFY2(page.note().contains(QLatin1String("tartanctl lab up")), qPrintable(page.note()));

        // A lab that is still being built (no lab.json yet) is no lab.
        QVERIFY(QDir().mkpath(root + QStringLiteral("/half-built")));
        QTest::mouseClick(labButton, Qt::LeftButton);
        QCOMPARE(requests.options.size(), 0);

        // Two labs: the newest opens, and is not added to the recent clusters.
        const auto writeLab = [&root](const QString &name, quint16 port, const QString &created) {
            QDir().mkpath(root + QStringLiteral("/") + name);
            QFile file(root + QStringLiteral("/") + name + QStringLiteral("/lab.json"));
            QVERIFY(file.open(QIODevice::WriteOnly));
            // As `lab up` writes it (LabState::toJson), less what the app does not read.
            QJsonObject lab;
            lab.insert(QStringLiteral("name"), name);
            lab.insert(QStringLiteral("etcdPrefix"), QStringLiteral("/lab.example/network"));
            lab.insert(QStringLiteral("etcdEndpoint"), QStringLiteral("http://127.0.0.1:%1").arg(port));
            lab.insert(QStringLiteral("created"), created);
            file.write(QJsonDocument(lab).toJson());
        };
        writeLab(QStringLiteral("older-lab"), 40001, QStringLiteral("2024-05-01T10:00:00Z"));
        writeLab(QStringLiteral("tartan-lab"), 40002, QStringLiteral("2024-05-02T10:00:00Z"));
        page.reload();
        QVERIFY2(page.findChild<QLabel *>(QStringLiteral("labLine"))->text().contains(QLatin1String("http://127.0.0.1:40002")),
                 qPrintable(page.findChild<QLabel *>(QStringLiteral("labLine"))->text()));
        QTest::mouseClick(labButton, Qt::LeftButton);
        QCOMPARE(requests.options.size(), 1);
        QCOMPARE(requests.options[0].endpoints, QList<QUrl>{QUrl(QStringLiteral("http://127.0.0.1:40002"))});
        QCOMPARE(requests.prefixes[0], QStringLiteral("/lab.example/network"));
        QVERIFY(page.note().contains(QLatin1String("tartan-lab")));
        QVERIFY(recents.entries().isEmpty());

        // A lab whose state cannot be read: said so, and the dialog opens for the endpoint.
        QVERIFY(QDir(root).removeRecursively());
        QDir().mkpath(root + QStringLiteral("/broken-lab"));
        {
            QFile file(root + QStringLiteral("/broken-lab/lab.json"));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{ not json");
        }
        QTest::mouseClick(labButton, Qt::LeftButton);
        QCOMPARE(requests.options.size(), 1);
        QVERIFY2(page.note().contains(QLatin1String("broken-lab")) && page.note().contains(QLatin1String("cannot be read")), qPrintable(page.note()));
        auto *dialog = page.findChild<ConnectDialog *>();
        QVERIFY(dialog);
        dialog->reject();
    }

    void badgeShowsTheConnection()
    {
        ClusterState state;
        state.setClusterId(QStringLiteral("etcd://127.0.0.1:2379/coreos.com/network"));
        ConnectionBadge badge(&state);
        QCOMPARE(badge.text(), QStringLiteral("Not connected"));
        QCOMPARE(badge.colour(), ConnectionBadge::colourOf(ClusterState::Connection::Disconnected));

        state.setConnection(ClusterState::Connection::Connecting);
        QCOMPARE(badge.text(), QStringLiteral("Connecting…"));
        state.setConnection(ClusterState::Connection::Connected);
        QCOMPARE(badge.text(), QStringLiteral("Connected"));
        QCOMPARE(badge.colour(), ConnectionBadge::colourOf(ClusterState::Connection::Connected));
        QVERIFY(badge.toolTip().contains(QLatin1String("etcd://127.0.0.1:2379/coreos.com/network")));

        const QString detail = QStringLiteral("watching leases: etcd http://127.0.0.1:2379 /v3/watch: connection refused; reconnecting in "
                                              "1600 ms, and a long tail that no status bar should have to show in full");
        state.setConnection(ClusterState::Connection::Reconnecting, detail);
        QVERIFY2(badge.text().startsWith(QStringLiteral("Reconnecting… watching leases: etcd http://127.0.0.1:2379")), qPrintable(badge.text()));
        QVERIFY(badge.text().size() < detail.size());
        QVERIFY(badge.toolTip().contains(detail));
        QCOMPARE(badge.colour(), ConnectionBadge::colourOf(ClusterState::Connection::Reconnecting));
        QVERIFY(badge.colour() != ConnectionBadge::colourOf(ClusterState::Connection::Connected));

        state.setConnection(ClusterState::Connection::Connected);
        QCOMPARE(badge.text(), QStringLiteral("Connected"));
        QVERIFY(!badge.toolTip().contains(detail));
    }

private:
    QTemporaryDir mDir;
};

QTEST_MAIN(TestConnect)
#include "tst_connect.moc"
