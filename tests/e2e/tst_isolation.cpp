// The e2e isolation itself: a suite's links and named namespaces never reach the machine.
#include "netns.h"

#include <QCoreApplication>
#include <QFile>

#include <unistd.h>
#include <QTest>

using namespace tartan::test;

class TestIsolation : public QObject
{
    Q_OBJECT
private slots:
    void linksStayInside()
    {
        auto created = run({"ip", "link", "add", "name", "tt-iso0", "type", "veth", "peer", "name", "tt-iso1"});
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().message()));
        QVERIFY(run({"ip", "link", "show", "tt-iso0"}).ok());
        // The process's namespace is not the one it was started in (its parent's, the machine's).
        const QString ours = QFile::symLinkTarget(QStringLiteral("/proc/self/ns/net"));
        const QString machine = QFile::symLinkTarget(QStringLiteral("/proc/%1/ns/net").arg(getppid()));
        QVERIFY2(!ours.isEmpty() && !machine.isEmpty(), qPrintable(ours + u' ' + machine));
        QVERIFY(ours != machine);
    }
    void namedNamespacesArePrivate()
    {
        NamedNetns node(QStringLiteral("tt-iso-node"));
        QVERIFY(node.ok());
        QVERIFY(run({"ip", "netns", "list"})->contains(QStringLiteral("tt-iso-node")));
        auto addr = node.exec({"ip", "-o", "link", "show", "lo"});
        QVERIFY(addr.ok());
        QVERIFY(addr->contains(QStringLiteral("UP")) || addr->contains(QStringLiteral("LOOPBACK")));
        // The machine's mount namespace does not see /run/netns/tt-iso-node.
        auto outside = run({"nsenter", "-t", "1", "-m", "ls", "/run/netns"});
        QVERIFY(!outside.ok() || !outside->contains(QStringLiteral("tt-iso-node")));
    }
};

TARTAN_E2E_TEST_MAIN(TestIsolation)
#include "tst_isolation.moc"
