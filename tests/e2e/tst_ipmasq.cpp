// flanneld's ip-masq and forward rules on a real iptables (Debian 12: 1.8.9, nf_tables backend),
// applied by IpMasqUpkeep through iptables-restore and read back with `iptables -S`. The whole
// process runs in its own network namespace (TARTAN_E2E_TEST_MAIN), and netfilter rules belong to
// a namespace: every rule here, ours and the "foreign" ones standing for kube-proxy's or the
// admin's, vanishes with the process.
#include "ipmasqupkeep.h"
#include "iptables.h"
#include "netns.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tartan;
using namespace tartan::test;

namespace {

IpNetwork net(const char *text)
{
    return *IpNetwork::parse(QString::fromLatin1(text));
}

IpMasqUpkeep::Settings settings(const char *network, const char *subnet, int resyncMs = 60000)
{
    IpMasqUpkeep::Settings s;
    s.network = net(network);
    s.subnet = net(subnet);
    s.resync = std::chrono::milliseconds(resyncMs);
    return s;
}

// `TOOL [-t TABLE] -S` as lines.
QStringList rulesOf(const QString &tool, const QString &table)
{
    QStringList command{tool};
    if (!table.isEmpty())
        command << QStringLiteral("-t") << table;
    command << QStringLiteral("-S");
    auto out = run(command);
    if (!out) {
        qWarning("%s", qPrintable(out.error().message()));
        return {QStringLiteral("<failed>")};
    }
    return out->split(u'\n', Qt::SkipEmptyParts);
}

QStringList natS(const QString &tool = QStringLiteral("iptables"))
{
    return rulesOf(tool, QStringLiteral("nat"));
}

QStringList filterS(const QString &tool = QStringLiteral("iptables"))
{
    return rulesOf(tool, {});
}

bool sh(const QStringList &command)
{
    auto out = run(command);
    if (!out)
        qWarning("%s", qPrintable(out.error().message()));
    return out.ok();
}

const QStringList kNatPolicies{"-P PREROUTING ACCEPT", "-P INPUT ACCEPT", "-P OUTPUT ACCEPT", "-P POSTROUTING ACCEPT"};
const QStringList kFilterPolicies{"-P INPUT ACCEPT", "-P FORWARD ACCEPT", "-P OUTPUT ACCEPT"};
const QString kMasqJump = "-A POSTROUTING -m comment --comment \"flanneld masq\" -j FLANNEL-POSTRTG";
const QString kForwardJump = "-A FORWARD -m comment --comment \"flanneld forward\" -j FLANNEL-FWD";
// Someone else's rules, there before tartand starts.
const QString kForeignNat = "-A POSTROUTING -s 192.0.2.0/24 -o lo -j MASQUERADE";
const QString kForeignForward = "-A FORWARD -i lo -j ACCEPT";

QString errorOf(const Status &status)
{
    return status.ok() ? QString() : status.error().message();
}

} // namespace

class TestIpMasq : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(sh({"iptables", "-t", "nat", "-A", "POSTROUTING", "-s", "192.0.2.0/24", "-o", "lo", "-j", "MASQUERADE"}));
        QVERIFY(sh({"iptables", "-A", "FORWARD", "-i", "lo", "-j", "ACCEPT"}));
    }

    // Each test starts from tables holding only the foreign rules; flushing here is safe because
    // the tables are this process's own.
    void cleanup()
    {
        for (const QString tool : {"iptables", "ip6tables"})
            for (const QString table : {"nat", "filter"})
                for (const QString op : {"-F", "-X"})
                    QVERIFY(sh({tool, "-t", table, op}));
    }

    void randomFullyProbe()
    {
        // iptables ≥ 1.6.2 with a kernel ≥ 3.13 knows --random-fully; Debian 12 has both.
        auto version = run({"iptables", "--version"});
        QVERIFY(version.ok());
        const auto match = QRegularExpression("v(\\d+)\\.(\\d+)\\.(\\d+)").match(*version);
        QVERIFY2(match.hasMatch(), qPrintable(*version));
        const int v = match.captured(1).toInt() * 10000 + match.captured(2).toInt() * 100 + match.captured(3).toInt();
        QCOMPARE(Iptables(IpAddress::Family::V4).supportsRandomFully(), v >= 10602);
        QCOMPARE(Iptables(IpAddress::Family::V6).supportsRandomFully(), v >= 10602);
        // The probe's scratch chain is gone.
        QCOMPARE(natS(), (kNatPolicies + QStringList{kForeignNat}));
        QCOMPARE(natS("ip6tables"), kNatPolicies);
    }

    void ensureMatchesIptablesS()
    {
        IpMasqUpkeep upkeep(settings("10.244.0.0/16", "10.244.1.0/24"));
        const Status started = upkeep.start();
        QVERIFY2(started.ok(), qPrintable(errorOf(started)));
        auto rules = upkeep.rules();
        QVERIFY(rules.ok());
        const QString rf = rules->options().randomFully ? " --random-fully" : "";

        // The exact output, spelled out: our jump inserted above the foreign rule, which stays.
        const QStringList nat = kNatPolicies + QStringList{
            "-N FLANNEL-POSTRTG",
            kMasqJump,
            kForeignNat,
            "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s 10.244.0.0/16 ! -d 224.0.0.0/4 -m comment --comment \"flanneld masq\" -j MASQUERADE" + rf,
            "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.0.0/16 -m comment --comment \"flanneld masq\" -j MASQUERADE" + rf,
        };
        const QStringList filter = kFilterPolicies + QStringList{
            "-N FLANNEL-FWD",
            kForwardJump,
            kForeignForward,
            "-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
            "-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment \"flanneld forward\" -j ACCEPT",
        };
        QCOMPARE(natS(), nat);
        QCOMPARE(filterS(), filter);
        // ... and what the library expects iptables to print is the same, line for line.
        QCOMPARE(rulesOf("iptables", "nat").filter("FLANNEL-POSTRTG"), rules->saveLines("nat"));
        QCOMPARE(rulesOf("iptables", {}).filter("FLANNEL-FWD"), (rules->saveLines("filter")));
        QCOMPARE(upkeep.missing().value(), QStringList());

        // Building again replaces the set instead of doubling the jump.
        QVERIFY(upkeep.start().ok());
        QCOMPARE(natS(), nat);
        QCOMPARE(filterS(), filter);

        // Removal leaves the foreign rules and no FLANNEL-* chain.
        QVERIFY2(upkeep.remove().ok(), "remove");
        QVERIFY(!upkeep.isRunning());
        QCOMPARE(natS(), (kNatPolicies + QStringList{kForeignNat}));
        QCOMPARE(filterS(), (kFilterPolicies + QStringList{kForeignForward}));
        // Removing what is not there is fine.
        QVERIFY(upkeep.remove().ok());
    }

    void resyncRestoresDeletedRule()
    {
        IpMasqUpkeep upkeep(settings("10.244.0.0/16", "10.244.1.0/24", 1000));
        QSignalSpy rebuilt(&upkeep, &IpMasqUpkeep::rebuilt);
        QSignalSpy failed(&upkeep, &IpMasqUpkeep::resyncFailed);
        QVERIFY(upkeep.start().ok());
        const QStringList complete = natS();
        const QStringList filterComplete = filterS();

        // By hand: delete "! -s N -d S RETURN", and let someone insert a rule above our jump.
        const QString gone = complete[kNatPolicies.size() + 6];
        QVERIFY2(gone.startsWith("-A FLANNEL-POSTRTG ! -s 10.244.0.0/16 -d 10.244.1.0/24"), qPrintable(gone));
        QVERIFY(sh({"iptables", "-t", "nat", "-D", "FLANNEL-POSTRTG", "4"}));
        QVERIFY(sh({"iptables", "-t", "nat", "-I", "POSTROUTING", "1", "-s", "198.51.100.0/24", "-j", "RETURN"}));
        QCOMPARE(upkeep.missing().value(), (QStringList{gone}));

        // The resync rebuilds the whole set: our jump goes back to the top, the newcomer stays.
        QTRY_COMPARE_WITH_TIMEOUT(rebuilt.size(), 1, 5000);
        QCOMPARE(rebuilt.first().first().toStringList(), (QStringList{gone}));
        QStringList expected = complete;
        expected.insert(kNatPolicies.size() + 2, "-A POSTROUTING -s 198.51.100.0/24 -j RETURN");
        QCOMPARE(natS(), expected);
        QCOMPARE(upkeep.missing().value(), QStringList());

        // A whole chain deleted by hand comes back too.
        QVERIFY(sh({"iptables", "-D", "FORWARD", "-m", "comment", "--comment", "flanneld forward", "-j", "FLANNEL-FWD"}));
        QVERIFY(sh({"iptables", "-F", "FLANNEL-FWD"}));
        QVERIFY(sh({"iptables", "-X", "FLANNEL-FWD"}));
        QTRY_COMPARE_WITH_TIMEOUT(rebuilt.size(), 2, 5000);
        QCOMPARE(filterS(), filterComplete);
        QCOMPARE(failed.size(), 0);

        QVERIFY(upkeep.remove().ok());
        QCOMPARE(natS(), (kNatPolicies + QStringList{"-A POSTROUTING -s 198.51.100.0/24 -j RETURN", kForeignNat}));
        QCOMPARE(filterS(), (kFilterPolicies + QStringList{kForeignForward}));
    }

    void previousNetworkIsCleanedUp()
    {
        {
            // A previous run with another network and subnet, which exited without cleaning up.
            IpMasqUpkeep old(settings("10.99.0.0/16", "10.99.3.0/24"));
            QVERIFY(old.start().ok());
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString envPath = dir.filePath("subnet.env");
        QFile env(envPath);
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("FLANNEL_NETWORK=10.99.0.0/16\nFLANNEL_SUBNET=10.99.3.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n");
        env.close();

        IpMasqUpkeep upkeep(settings("10.244.0.0/16", "10.244.1.0/24"));
        const Status cleaned = upkeep.removePrevious(envPath);
        QVERIFY2(cleaned.ok(), qPrintable(errorOf(cleaned)));
        // Only what the new set has as well is left: the jumps and the kube-proxy mark rule.
        QCOMPARE(natS(), (kNatPolicies + QStringList{
                             "-N FLANNEL-POSTRTG",
                             kMasqJump,
                             kForeignNat,
                             "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment \"flanneld masq\" -j RETURN",
                         }));
        QCOMPARE(filterS(), (kFilterPolicies + QStringList{"-N FLANNEL-FWD", kForwardJump, kForeignForward}));

        QVERIFY(upkeep.start().ok());
        auto rules = upkeep.rules();
        QVERIFY(rules.ok());
        QCOMPARE(natS(), (kNatPolicies + QStringList{rules->saveLines("nat")[0], kMasqJump, kForeignNat}
                             + rules->saveRuleLines("nat").mid(1)));
        QVERIFY(!natS().join(u'\n').contains("10.99."));
        QVERIFY(!filterS().join(u'\n').contains("10.99."));

        // The same network and subnet as last time: nothing to delete.
        const QStringList before = natS();
        QVERIFY(env.open(QIODevice::WriteOnly | QIODevice::Truncate));
        env.write("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n");
        env.close();
        QVERIFY(upkeep.removePrevious(envPath).ok());
        QCOMPARE(natS(), before);
        // No file (first start): nothing to do either.
        QVERIFY(upkeep.removePrevious(dir.filePath("absent.env")).ok());
        QCOMPARE(natS(), before);
        QVERIFY(upkeep.remove().ok());
    }

    void ip6tables()
    {
        QVERIFY(sh({"ip6tables", "-t", "nat", "-A", "POSTROUTING", "-s", "2001:db8::/64", "-j", "MASQUERADE"}));
        IpMasqUpkeep upkeep(settings("fd00:10:244::/56", "fd00:10:244:1::/64"));
        const Status started = upkeep.start();
        QVERIFY2(started.ok(), qPrintable(errorOf(started)));
        auto rules = upkeep.rules();
        QVERIFY(rules.ok());
        const QString rf = rules->options().randomFully ? " --random-fully" : "";
        QCOMPARE(natS("ip6tables"), (kNatPolicies + QStringList{
            "-N FLANNEL-POSTRTG",
            kMasqJump,
            "-A POSTROUTING -s 2001:db8::/64 -j MASQUERADE",
            "-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s fd00:10:244::/56 -d fd00:10:244::/56 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG -s fd00:10:244::/56 ! -d ff00::/8 -m comment --comment \"flanneld masq\" -j MASQUERADE" + rf,
            "-A FLANNEL-POSTRTG ! -s fd00:10:244::/56 -d fd00:10:244:1::/64 -m comment --comment \"flanneld masq\" -j RETURN",
            "-A FLANNEL-POSTRTG ! -s fd00:10:244::/56 -d fd00:10:244::/56 -m comment --comment \"flanneld masq\" -j MASQUERADE" + rf,
        }));
        QCOMPARE(filterS("ip6tables"), (kFilterPolicies + QStringList{
            "-N FLANNEL-FWD",
            kForwardJump,
            "-A FLANNEL-FWD -s fd00:10:244::/56 -m comment --comment \"flanneld forward\" -j ACCEPT",
            "-A FLANNEL-FWD -d fd00:10:244::/56 -m comment --comment \"flanneld forward\" -j ACCEPT",
        }));
        QCOMPARE(upkeep.missing().value(), QStringList());
        // IPv4's tables are not touched.
        QCOMPARE(natS(), (kNatPolicies + QStringList{kForeignNat}));
        QCOMPARE(filterS(), (kFilterPolicies + QStringList{kForeignForward}));

        QVERIFY(upkeep.remove().ok());
        QCOMPARE(natS("ip6tables"), (kNatPolicies + QStringList{"-A POSTROUTING -s 2001:db8::/64 -j MASQUERADE"}));
        QCOMPARE(filterS("ip6tables"), kFilterPolicies);
    }

    void aFailedBuildIsRetriedByTheResync()
    {
        // A subnet of the other family cannot be built, now or later: the first build fails, and
        // the resync keeps trying (and reporting) instead of leaving the node without rules.
        IpMasqUpkeep upkeep(settings("10.244.0.0/16", "fd00:10:244:1::/64", 100));
        QSignalSpy failed(&upkeep, &IpMasqUpkeep::resyncFailed);
        QVERIFY(!upkeep.start().ok());
        QVERIFY(upkeep.isRunning());
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().toString().contains(QLatin1String("fd00:10:244:1::/64")));
        (void)upkeep.remove();
        QVERIFY(!upkeep.isRunning());
    }

    void forwardRulesOff()
    {
        auto s = settings("10.244.0.0/16", "10.244.1.0/24");
        s.forwardRules = false;
        IpMasqUpkeep upkeep(s);
        QVERIFY(upkeep.start().ok());
        QCOMPARE(filterS(), (kFilterPolicies + QStringList{kForeignForward}));
        QVERIFY(natS().contains(kMasqJump));
        QVERIFY(upkeep.remove().ok());
        QCOMPARE(natS(), (kNatPolicies + QStringList{kForeignNat}));
    }

    void restoreErrorsQuoteCommandAndLine()
    {
        const Status status = Iptables(IpAddress::Family::V4).restore("*nat\n-A NO-SUCH-CHAIN -j RETURN\nCOMMIT\n");
        QVERIFY(!status.ok());
        const QString message = status.error().message();
        QVERIFY2(message.contains("`iptables-restore --noflush --wait=5`"), qPrintable(message));
        QVERIFY2(message.contains("payload line 2: -A NO-SUCH-CHAIN -j RETURN"), qPrintable(message));
        // Nothing of the failed transaction was applied.
        QCOMPARE(natS(), (kNatPolicies + QStringList{kForeignNat}));
    }
};

TARTAN_E2E_TEST_MAIN(TestIpMasq, "iptables", "ip6tables", "iptables-save", "ip6tables-save",
                     "iptables-restore", "ip6tables-restore")
#include "tst_ipmasq.moc"
