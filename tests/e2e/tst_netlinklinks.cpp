// The netlink layer's link and address operations against the real kernel, inside the suite's
// private network namespace (TARTAN_E2E_TEST_MAIN). Everything is read back twice: through the
// layer itself and through iproute2's JSON output (`ip -d -j link`, `ip -j addr`).
#include "json.h"
#include "netlinkaddresses.h"
#include "netlinklinks.h"
#include "netlinksocket.h"
#include "netns.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>

#include <optional>

using namespace tartan;
using namespace tartan::netlink;
using namespace tartan::test;

namespace {

const QString kUnderlay = QStringLiteral("tt-eth0");
const QString kUnderlayPeer = QStringLiteral("tt-eth1");

IpAddress ip(const char *text)
{
    return *IpAddress::parse(QString::fromLatin1(text));
}

MacAddress mac(const char *text)
{
    return *MacAddress::parse(QString::fromLatin1(text));
}

// The one element of `ip -j ... show <dev>`'s array, or an error naming the command.
Result<json::Json> ipShow(const QStringList &command)
{
    const auto output = run(command);
    if (!output)
        return output.error();
    auto parsed = json::parse(output->toUtf8(), command.join(u' '));
    if (!parsed)
        return parsed.error();
    if (!parsed->is_array() || parsed->size() != 1)
        return Error(QStringLiteral("`%1`: expected one object, got %2").arg(command.join(u' '), *output));
    return json::Json((*parsed)[0]);
}

// The value at `path` as text (strings as they are, numbers and booleans in JSON form), or "<none>":
// lets a test compare iproute2's output without risking a JSON type exception.
QString field(const json::Json &value, std::initializer_list<const char *> path)
{
    const json::Json *at = &value;
    for (const char *key : path) {
        if (!at->is_object() || !at->contains(key))
            return QStringLiteral("<none>");
        at = &(*at)[key];
    }
    return at->is_string() ? QString::fromStdString(at->get<std::string>()) : QString::fromStdString(at->dump());
}

VxlanSpec flannelSpec(std::uint32_t vni = 1)
{
    VxlanSpec spec;
    spec.name = QStringLiteral("flannel.%1").arg(vni);
    spec.vni = vni;
    spec.local = ip("192.168.50.1");
    spec.underlay = kUnderlay;
    spec.mac = mac("c6:d2:32:6f:8f:44");
    spec.mtu = 1450;
    return spec;
}

} // namespace

#define VERIFY_OK(result)                                                                                              \
    QVERIFY2((result).ok(), (result).ok() ? "" : qPrintable((result).error().message()))

class TestNetlinkLinks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        for (const QStringList &command : QList<QStringList>{
                 {"ip", "link", "add", kUnderlay, "type", "veth", "peer", "name", kUnderlayPeer},
                 {"ip", "addr", "add", "192.168.50.1/24", "dev", kUnderlay},
                 {"ip", "-6", "addr", "add", "fd00:50::1/64", "dev", kUnderlay, "nodad"},
                 {"ip", "link", "set", kUnderlay, "up"},
                 {"ip", "link", "set", kUnderlayPeer, "up"}}) {
            const auto done = run(command);
            VERIFY_OK(done);
        }
        auto socket = NetlinkSocket::open();
        VERIFY_OK(socket);
        mSocket.emplace(std::move(socket).value());
    }

    void findsTheUnderlay()
    {
        NetlinkLinks links(*mSocket);
        const auto found = links.find(kUnderlay);
        VERIFY_OK(found);
        QVERIFY(found->has_value());
        const LinkInfo &link = **found;
        QCOMPARE(link.name, kUnderlay);
        QCOMPARE(link.kind, QStringLiteral("veth"));
        QVERIFY(link.index > 0);
        QVERIFY(link.up);
        QCOMPARE(link.mtu, 1500);
        QVERIFY(!link.vxlan);

        const auto shown = ipShow({"ip", "-j", "link", "show", kUnderlay});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"ifindex"}), QString::number(link.index));
        QCOMPARE(field(*shown, {"address"}), link.mac.toString());

        const auto missing = links.find(QStringLiteral("tt-nothere"));
        VERIFY_OK(missing);
        QVERIFY(!missing->has_value());

        const auto all = links.list();
        VERIFY_OK(all);
        QStringList names;
        for (const LinkInfo &each : *all)
            names << each.name;
        QVERIFY2(names.contains(kUnderlay) && names.contains(QStringLiteral("lo")), qPrintable(names.join(u' ')));
    }

    void createsVxlanWithItsMac()
    {
        NetlinkLinks links(*mSocket);
        const VxlanSpec spec = flannelSpec();
        const auto ensured = links.ensureVxlan(spec);
        VERIFY_OK(ensured);
        QCOMPARE(ensured->outcome, EnsuredLink::Outcome::Created);
        const LinkInfo &link = ensured->link;
        QCOMPARE(link.name, spec.name);
        QCOMPARE(link.kind, QStringLiteral("vxlan"));
        QCOMPARE(link.mac, spec.mac);
        QCOMPARE(link.mtu, 1450);
        QVERIFY(link.vxlan);
        QCOMPARE(link.vxlan->vni, 1u);
        QCOMPARE(link.vxlan->local, spec.local);
        QCOMPARE(link.vxlan->port, std::uint16_t(8472));
        QCOMPARE(link.vxlan->learning, false);
        QCOMPARE(link.vxlan->gbp, false);
        const auto underlay = links.find(kUnderlay);
        VERIFY_OK(underlay);
        QCOMPARE(link.vxlan->underlayIndex, (*underlay)->index);

        // What iproute2 reads from the kernel: the same device.
        const auto shown = ipShow({"ip", "-d", "-j", "link", "show", spec.name});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"linkinfo", "info_kind"}), QStringLiteral("vxlan"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "id"}), QStringLiteral("1"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "local"}), QStringLiteral("192.168.50.1"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "port"}), QStringLiteral("8472"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "learning"}), QStringLiteral("false"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "link"}), kUnderlay);
        QCOMPARE(field(*shown, {"address"}), QStringLiteral("c6:d2:32:6f:8f:44"));
        QCOMPARE(field(*shown, {"mtu"}), QStringLiteral("1450"));
    }

    void createTwiceIsEexist()
    {
        NetlinkLinks links(*mSocket);
        const auto again = links.createVxlan(flannelSpec());
        QVERIFY(!again);
        QVERIFY(again.error().isExists());
        QCOMPARE(again.error().message(), QStringLiteral("create vxlan link flannel.1: File exists"));
    }

    void reusesACompatibleLinkWithItsMac()
    {
        NetlinkLinks links(*mSocket);
        VxlanSpec spec = flannelSpec();
        spec.mac = mac("c6:00:00:00:00:99"); // a restart that generated a new MAC keeps the old one
        spec.mtu = 1400;
        const auto ensured = links.ensureVxlan(spec);
        VERIFY_OK(ensured);
        QCOMPARE(ensured->outcome, EnsuredLink::Outcome::Reused);
        QCOMPARE(ensured->link.mac, mac("c6:d2:32:6f:8f:44"));
        QCOMPARE(ensured->link.mtu, 1450); // MTU is the caller's to set: setMtu()
    }

    void reportsAnIncompatibleLink()
    {
        NetlinkLinks links(*mSocket);
        VxlanSpec spec = flannelSpec();
        spec.vni = 2; // flannel.1 with another VNI: the kernel cannot change it in place
        spec.port = 4789;
        const auto ensured = links.ensureVxlan(spec);
        VERIFY_OK(ensured);
        QCOMPARE(ensured->outcome, EnsuredLink::Outcome::Incompatible);
        QCOMPARE(ensured->incompatibility, QStringLiteral("VNI 1 (want 2), port 8472 (want 4789)"));
        // Untouched: still VNI 1.
        const auto shown = ipShow({"ip", "-d", "-j", "link", "show", "flannel.1"});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "id"}), QStringLiteral("1"));

        // A link of another kind under the name is incompatible too.
        VxlanSpec onVeth = flannelSpec();
        onVeth.name = kUnderlayPeer;
        const auto veth = links.ensureVxlan(onVeth);
        VERIFY_OK(veth);
        QCOMPARE(veth->outcome, EnsuredLink::Outcome::Incompatible);
        QCOMPARE(veth->incompatibility, QStringLiteral("kind veth (want vxlan)"));
    }

    void recreatesAfterDelete()
    {
        NetlinkLinks links(*mSocket);
        VxlanSpec spec = flannelSpec(7);
        spec.learning = true;
        spec.gbp = true;
        spec.port = 4789;
        spec.mac = mac("c6:00:00:00:00:07");
        VERIFY_OK(links.ensureVxlan(spec));
        VERIFY_OK(links.remove(spec.name));
        const auto gone = links.find(spec.name);
        VERIFY_OK(gone);
        QVERIFY(!gone->has_value());
        VERIFY_OK(links.remove(spec.name)); // already gone: still success

        const auto created = links.ensureVxlan(spec);
        VERIFY_OK(created);
        QCOMPARE(created->outcome, EnsuredLink::Outcome::Created);
        QVERIFY(created->link.vxlan);
        QCOMPARE(created->link.vxlan->learning, true);
        QCOMPARE(created->link.vxlan->gbp, true);
        QCOMPARE(created->link.vxlan->port, std::uint16_t(4789));
        const auto shown = ipShow({"ip", "-d", "-j", "link", "show", spec.name});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "learning"}), QStringLiteral("true"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "gbp"}), QStringLiteral("true"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "port"}), QStringLiteral("4789"));
        VERIFY_OK(links.remove(spec.name));
    }

    void setsMtuAndUp()
    {
        NetlinkLinks links(*mSocket);
        VERIFY_OK(links.setMtu(QStringLiteral("flannel.1"), 1400));
        VERIFY_OK(links.setUp(QStringLiteral("flannel.1")));
        const auto shown = ipShow({"ip", "-j", "link", "show", "flannel.1"});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"mtu"}), QStringLiteral("1400"));
        QVERIFY2(field(*shown, {"flags"}).contains(QStringLiteral("\"UP\"")), qPrintable(field(*shown, {"flags"})));
        const auto found = links.find(QStringLiteral("flannel.1"));
        VERIFY_OK(found);
        QVERIFY((*found)->up);
        QCOMPARE((*found)->mtu, 1400);

        const auto missing = links.setMtu(QStringLiteral("tt-nothere"), 1400);
        QVERIFY(!missing);
        QVERIFY(missing.error().isNotFound());
        QCOMPARE(missing.error().message(), QStringLiteral("set MTU 1400 on tt-nothere: No such device"));
    }

    void syncsTheOverlayAddress()
    {
        NetlinkAddresses addresses(*mSocket);
        const QString device = QStringLiteral("flannel.1");
        // A stale address inside the cluster network (an old lease) and one outside it.
        VERIFY_OK(addresses.add(device, LinkAddress{ip("10.244.5.0"), 32}));
        VERIFY_OK(addresses.add(device, LinkAddress{ip("192.168.99.1"), 24}));
        const IpNetwork own = *IpNetwork::parse(u"10.244.1.0/32");
        const QList<IpNetwork> networks{*IpNetwork::parse(u"10.244.0.0/16")};
        VERIFY_OK(addresses.sync(device, own, networks));
        VERIFY_OK(addresses.sync(device, own, networks)); // again: nothing to do

        const auto listed = addresses.list(device);
        VERIFY_OK(listed);
        QList<LinkAddress> v4;
        for (const LinkAddress &address : *listed) {
            if (address.address.isV4())
                v4 << address;
        }
        const QList<LinkAddress> expected{LinkAddress{ip("10.244.1.0"), 32}, LinkAddress{ip("192.168.99.1"), 24}};
        QCOMPARE(v4, expected);

        const auto shown = ipShow({"ip", "-4", "-j", "addr", "show", "dev", device});
        VERIFY_OK(shown);
        QStringList fromIp;
        const json::Json &info = shown->is_object() && shown->contains("addr_info") ? (*shown)["addr_info"] : json::Json();
        for (const json::Json &address : info)
            fromIp << field(address, {"local"}) + u'/' + field(address, {"prefixlen"});
        fromIp.sort();
        QCOMPARE(fromIp, (QStringList{"10.244.1.0/32", "192.168.99.1/24"}));

        VERIFY_OK(addresses.remove(device, LinkAddress{ip("192.168.99.1"), 24}));
        VERIFY_OK(addresses.remove(device, LinkAddress{ip("192.168.99.1"), 24})); // already gone
    }

    void ipv6DeviceWithoutRouterAdvertisements()
    {
        NetlinkLinks links(*mSocket);
        VxlanSpec spec;
        spec.name = QStringLiteral("flannel-v6.1");
        spec.local = ip("fd00:50::1");
        spec.underlay = kUnderlay;
        spec.mac = mac("c6:d2:32:6f:8f:46");
        const auto ensured = links.ensureVxlan(spec);
        VERIFY_OK(ensured);
        QCOMPARE(ensured->link.vxlan->local, spec.local);
        const auto shown = ipShow({"ip", "-d", "-j", "link", "show", spec.name});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "local6"}), QStringLiteral("fd00:50::1"));

        VERIFY_OK(links.setAcceptRa(spec.name, false));
        QFile acceptRa(QStringLiteral("/proc/sys/net/ipv6/conf/flannel-v6.1/accept_ra"));
        QVERIFY(acceptRa.open(QIODevice::ReadOnly));
        QCOMPARE(acceptRa.readAll().trimmed(), QByteArray("0"));
        QVERIFY(!links.setAcceptRa(QStringLiteral("../all"), false));

        NetlinkAddresses addresses(*mSocket);
        VERIFY_OK(links.setUp(spec.name));
        VERIFY_OK(addresses.sync(spec.name, *IpNetwork::parse(u"fc00:0:0:1::/128"),
                                 {*IpNetwork::parse(u"fc00::/48")}));
        const auto listed = addresses.list(spec.name);
        VERIFY_OK(listed);
        QVERIFY2(listed->contains(LinkAddress{ip("fc00:0:0:1::"), 128}), "fc00:0:0:1::/128 missing");
    }

    void createsIpip()
    {
        NetlinkLinks links(*mSocket);
        IpIpSpec spec;
        spec.local = ip("192.168.50.1");
        spec.underlay = kUnderlay;
        spec.mtu = 1480;
        const auto ensured = links.ensureIpip(spec);
        if (!ensured && ensured.error().isNotSupported())
            QSKIP(qPrintable(QStringLiteral("this kernel has no ipip links: ") + ensured.error().message()));
        VERIFY_OK(ensured);
        QCOMPARE(ensured->outcome, EnsuredLink::Outcome::Created);
        QVERIFY(ensured->link.ipip);
        QCOMPARE(ensured->link.ipip->local, spec.local);
        const auto shown = ipShow({"ip", "-d", "-j", "link", "show", spec.name});
        VERIFY_OK(shown);
        QCOMPARE(field(*shown, {"linkinfo", "info_kind"}), QStringLiteral("ipip"));
        QCOMPARE(field(*shown, {"linkinfo", "info_data", "local"}), QStringLiteral("192.168.50.1"));
        const auto again = links.ensureIpip(spec);
        VERIFY_OK(again);
        QCOMPARE(again->outcome, EnsuredLink::Outcome::Reused);
    }

private:
    std::optional<NetlinkSocket> mSocket;
};

TARTAN_E2E_TEST_MAIN(TestNetlinkLinks)
#include "tst_netlinklinks.moc"
