// The e2e isolation itself: a suite's links and named namespaces never reach the machine.
#include "netns.h"

#include <QCoreApplication>
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
        // The process's namespace is not the machine's: PID 1's network namespace differs from ours.
        auto ours = run({"readlink", "/proc/self/ns/net"});
        auto machine = run({"readlink", "/proc/1/ns/net"});
        QVERIFY(ours.ok() && machine.ok());
        QVERIFY(*ours != *machine);
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
