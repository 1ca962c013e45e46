// The agent's pure core on arbitrary cluster states: a config (backend chosen by the input), this
// node's lease and peer leases built from the input bytes, some of them malformed or conflicting,
// and an arbitrary kernel dump. Properties:
//   - nothing desired lies outside the network, and no peer's route overlaps this node's subnet;
//   - applying the diff to the dump, then diffing again, leaves nothing to change.
#include "desiredtables.h"
#include "fuzzcheck.h"
#include "tablediff.h"

#include <cstddef>
#include <cstdint>

using namespace tartan;

namespace {

class Bytes
{
public:
    Bytes(const std::uint8_t *data, std::size_t size) : mData(data), mSize(size) {}
    bool empty() const { return mAt >= mSize; }
    std::uint8_t next() { return mAt < mSize ? mData[mAt++] : 0; }

private:
    const std::uint8_t *mData;
    std::size_t mSize;
    std::size_t mAt = 0;
};

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
{
    return IpAddress::fromV4((quint32(a) << 24) | (quint32(b) << 16) | (quint32(c) << 8) | d);
}

MacAddress mac(Bytes &in)
{
    return *MacAddress::parse(QStringLiteral("02:00:00:00:0%1:0%2").arg(in.next() % 8).arg(in.next() % 8));
}

Lease peer(Bytes &in, const QString &backend)
{
    Lease lease;
    const int length = 22 + in.next() % 5; // mostly 24, sometimes the wrong length
    const IpAddress base = v4(in.next() % 4 == 0 ? 10 : 172, in.next() % 2 == 0 ? 244 : 16, in.next() % 8, 0);
    lease.subnet.ipv4 = IpNetwork(base, length);
    lease.attrs.publicIp = v4(192, 168, 1, in.next() % 8);
    lease.attrs.backendType = in.next() % 8 == 0 ? QStringLiteral("host-gw") : backend;
    const std::uint8_t shape = in.next();
    if (backend == u"vxlan" && shape % 4 != 0) {
        VxlanBackendData data;
        data.vni = 1;
        data.vtepMac = mac(in);
        lease.attrs.backendData = data.toJson();
    } else if (shape % 4 == 0) {
        lease.attrs.backendData = json::Json::array(); // malformed BackendData
    }
    return lease;
}

template <typename Entry> void apply(QList<Entry> &list, const EntryDiff<Entry> &changes)
{
    for (const Entry &entry : changes.remove)
        list.removeOne(entry);
    for (const auto &pair : changes.replace) {
        list.removeOne(pair.actual);
        list << pair.desired;
    }
    list << changes.add;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    Bytes in(data, size);
    static const char *const backends[] = {
        R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan"}})",
        R"({"Network":"10.244.0.0/16","Backend":{"Type":"vxlan","DirectRouting":true}})",
        R"({"Network":"10.244.0.0/16","Backend":{"Type":"host-gw"}})",
        R"({"Network":"10.244.0.0/16","Backend":{"Type":"ipip"}})",
        R"({"Network":"10.244.0.0/16","Backend":{"Type":"udp"}})",
    };
    const auto config = NetworkConfig::parse(QByteArray(backends[in.next() % 5]));
    FUZZ_CHECK(config.ok());
    const QString backend = backendTypeName(config->backend.type);

    Lease own;
    own.subnet.ipv4 = IpNetwork(v4(10, 244, in.next() % 8, 0), 24);
    own.attrs.publicIp = v4(192, 168, 1, 100);
    own.attrs.backendType = backend;
    ExternalInterface external;
    external.name = QStringLiteral("eth0");
    external.ipv4 = own.attrs.publicIp;
    external.mtu = 1500;
    external.onLinkPrefixes = {IpNetwork(v4(192, 168, 1, 0), 24)};

    QList<Lease> peers;
    for (int count = in.next() % 12; count > 0 && !in.empty(); --count)
        peers << peer(in, backend);

    const auto desired = DesiredTables::compute(*config, own, external, peers);
    FUZZ_CHECK(desired.ok());
    for (const Route &route : desired->tables.routes) {
        FUZZ_CHECK(config->ipv4.network.contains(route.destination));
        // udp's one route covers the whole network through flannel0; every other is a peer's.
        if (route.destination != config->ipv4.network)
            FUZZ_CHECK(!route.destination.overlaps(own.subnet.ipv4));
    }

    // An arbitrary dump: some of the desired entries, changed or not, and strangers.
    KernelTables actual;
    for (const Route &route : desired->tables.routes)
        if (in.next() % 3 != 0)
            actual.routes << (in.next() % 2 ? route : Route{route.destination, route.table, v4(192, 168, 1, 7), route.device, false});
    for (const Neighbour &neighbour : desired->tables.neighbours)
        if (in.next() % 3 != 0)
            actual.neighbours << Neighbour{neighbour.device, neighbour.address, mac(in), true};
    for (const FdbEntry &entry : desired->tables.fdb)
        if (in.next() % 3 != 0)
            actual.fdb << FdbEntry{entry.device, entry.mac, v4(192, 168, 1, in.next() % 8), true};
    for (int strangers = in.next() % 4; strangers > 0; --strangers)
        actual.routes << Route{IpNetwork(v4(10, 244, in.next() % 16, 0), 24), kMainRouteTable, v4(192, 168, 1, 9),
                               in.next() % 2 ? QStringLiteral("flannel.1") : QStringLiteral("cni0"), false};

    const TableOwnership ownership = tartanOwnership(*config, external.name);
    const TableDiff changes = diff(desired->tables, actual, ownership);
    apply(actual.routes, changes.routes);
    apply(actual.neighbours, changes.neighbours);
    apply(actual.fdb, changes.fdb);
    FUZZ_CHECK(!diff(desired->tables, actual, ownership).hasChanges());
    return 0;
}
