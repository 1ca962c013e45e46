#include "nodereport.h"

#include "json.h"

#include <QCryptographicHash>

#include <limits>
#include <optional>

namespace tartan {

namespace {

using json::Json;

// How much of a wrong value an error message quotes.
constexpr int kMaxQuoteLength = 40;

Json text(const QString &value)
{
    return Json(value.toStdString());
}

// Null addresses, MACs and times are JSON null rather than "": a reader sees "not set" at a glance.
Json addressOrNull(const IpAddress &address)
{
    return address.isNull() ? Json() : text(address.toString());
}

Json macOrNull(const MacAddress &mac)
{
    return mac.isNull() ? Json() : text(mac.toString());
}

Json timeOrNull(const QDateTime &time)
{
    return time.isValid() ? text(time.toUTC().toString(Qt::ISODateWithMs)) : Json();
}

Json summaryJson(const NodeSummary &summary)
{
    Json counters = Json::object();
    counters["leasesSeen"] = summary.leasesSeen;
    counters["entriesProgrammed"] = summary.entriesProgrammed;
    counters["reconcileRepairs"] = summary.reconcileRepairs;
    counters["netlinkErrors"] = summary.netlinkErrors;
    counters["storeErrors"] = summary.storeErrors;

    Json out = Json::object();
    out["lease"] = summary.lease.isNull() ? Json() : text(summary.lease.toString());
    out["publicIp"] = addressOrNull(summary.publicIp);
    out["agentVersion"] = text(summary.agentVersion);
    out["backend"] = text(summary.backend);
    out["health"] = text(summary.health);
    out["tableDigest"] = text(summary.tableDigest);
    out["driftCount"] = summary.driftCount;
    out["lastReconcile"] = timeOrNull(summary.lastReconcile);
    out["counters"] = std::move(counters);
    out["endpoint"] = text(summary.endpoint);
    return out;
}

Json externalJson(const ExternalInterface &external)
{
    Json prefixes = Json::array();
    for (const IpNetwork &prefix : external.onLinkPrefixes)
        prefixes.push_back(text(prefix.toString()));
    Json out = Json::object();
    out["name"] = text(external.name);
    out["ipv4"] = addressOrNull(external.ipv4);
    out["ipv6"] = addressOrNull(external.ipv6);
    out["mtu"] = external.mtu;
    out["onLinkPrefixes"] = std::move(prefixes);
    return out;
}

Json linkJson(const LinkState &link)
{
    Json addresses = Json::array();
    for (qsizetype i = 0; i < link.addresses.size(); ++i) {
        const IpNetwork &network = link.addresses.at(i);
        const IpAddress host = i < link.hostAddresses.size() ? link.hostAddresses.at(i) : network.address();
        addresses.push_back(text(QStringLiteral("%1/%2").arg(host.toString()).arg(network.prefixLength())));
    }
    Json vxlan;
    if (link.vxlan) {
        vxlan = Json::object();
        vxlan["vni"] = link.vxlan->vni;
        vxlan["local"] = addressOrNull(link.vxlan->local);
        vxlan["port"] = link.vxlan->port;
        vxlan["learning"] = link.vxlan->learning;
        vxlan["gbp"] = link.vxlan->gbp;
    }
    const LinkCounters &c = link.counters;
    Json counters = Json::object();
    counters["rxBytes"] = c.rxBytes;
    counters["rxPackets"] = c.rxPackets;
    counters["rxErrors"] = c.rxErrors;
    counters["rxDropped"] = c.rxDropped;
    counters["txBytes"] = c.txBytes;
    counters["txPackets"] = c.txPackets;
    counters["txErrors"] = c.txErrors;
    counters["txDropped"] = c.txDropped;

    Json out = Json::object();
    out["name"] = text(link.name);
    out["kind"] = text(link.kind);
    out["mac"] = macOrNull(link.mac);
    out["mtu"] = link.mtu;
    out["up"] = link.up;
    out["addresses"] = std::move(addresses);
    out["master"] = text(link.master);
    out["vxlan"] = std::move(vxlan);
    out["counters"] = std::move(counters);
    return out;
}

Json tablesJson(const KernelTables &tables)
{
    Json routes = Json::array();
    for (const Route &route : tables.routes) {
        Json entry = Json::object();
        entry["destination"] = text(route.destination.toString());
        entry["table"] = route.table;
        entry["gateway"] = addressOrNull(route.gateway);
        entry["device"] = text(route.device);
        entry["onlink"] = route.onlink;
        routes.push_back(std::move(entry));
    }
    Json neighbours = Json::array();
    for (const Neighbour &neighbour : tables.neighbours) {
        Json entry = Json::object();
        entry["device"] = text(neighbour.device);
        entry["address"] = text(neighbour.address.toString());
        entry["mac"] = macOrNull(neighbour.mac);
        entry["permanent"] = neighbour.permanent;
        neighbours.push_back(std::move(entry));
    }
    Json fdb = Json::array();
    for (const FdbEntry &forward : tables.fdb) {
        Json entry = Json::object();
        entry["device"] = text(forward.device);
        entry["mac"] = text(forward.mac.toString());
        entry["destination"] = addressOrNull(forward.destination);
        entry["permanent"] = forward.permanent;
        fdb.push_back(std::move(entry));
    }
    Json out = Json::object();
    out["routes"] = std::move(routes);
    out["neighbours"] = std::move(neighbours);
    out["fdb"] = std::move(fdb);
    return out;
}

/// Reads members by exact name. The first wrong member is kept as the error and every later read
/// returns a default, so a decoder reads straight through and checks once at the end. A missing or
/// null member reads as the default unless it is required.
class Decoder
{
public:
    bool failed() const { return mError.has_value(); }
    Error error() const { return *mError; }

    static QString at(const QString &base, const char *name)
    {
        return base.isEmpty() ? QString::fromLatin1(name) : base + u'.' + QString::fromLatin1(name);
    }
    static QString at(const QString &base, qsizetype index) { return QStringLiteral("%1[%2]").arg(base).arg(index); }

    /// The member, or nullptr when missing or null (an error when required).
    const Json *member(const Json &object, const QString &base, const char *name, bool required = false)
    {
        if (failed())
            return nullptr;
        const auto it = object.find(name);
        if (it == object.end() || it->is_null()) {
            if (required)
                mError = Error(at(base, name) + QStringLiteral(": missing"));
            return nullptr;
        }
        return &*it;
    }

    void fail(const QString &path, const QString &expected, const Json &value)
    {
        if (!failed())
            mError = Error(QStringLiteral("%1: expected %2, got %3").arg(path, expected, json::quote(value, kMaxQuoteLength)));
    }
    void failWith(const QString &path, const Error &cause)
    {
        if (!failed())
            mError = cause.context(path);
    }

    const Json *typed(const Json &object, const QString &base, const char *name, Json::value_t type,
                      const QString &expected, bool required = false)
    {
        const Json *value = member(object, base, name, required);
        if (!value)
            return nullptr;
        const bool number = type == Json::value_t::number_integer;
        const bool fits = number ? (value->is_number_integer() || value->is_number_unsigned()) : value->type() == type;
        if (!fits) {
            fail(at(base, name), expected, *value);
            return nullptr;
        }
        return value;
    }

    QString string(const Json &object, const QString &base, const char *name, bool required = false)
    {
        const Json *value = typed(object, base, name, Json::value_t::string, QStringLiteral("a string"), required);
        return value ? QString::fromStdString(value->get_ref<const std::string &>()) : QString();
    }

    bool boolean(const Json &object, const QString &base, const char *name)
    {
        const Json *value = typed(object, base, name, Json::value_t::boolean, QStringLiteral("a boolean"));
        return value && value->get<bool>();
    }

    /// An integer within [0, max].
    std::uint64_t unsignedNumber(const Json &object, const QString &base, const char *name,
                                 std::uint64_t max = std::numeric_limits<std::uint64_t>::max())
    {
        const Json *value = typed(object, base, name, Json::value_t::number_integer, QStringLiteral("a number"));
        if (!value)
            return 0;
        if ((value->is_number_integer() && !value->is_number_unsigned() && value->get<std::int64_t>() < 0)
            || value->get<std::uint64_t>() > max) {
            fail(at(base, name), QStringLiteral("a number from 0 to %1").arg(max), *value);
            return 0;
        }
        return value->get<std::uint64_t>();
    }

    int intNumber(const Json &object, const QString &base, const char *name)
    {
        return static_cast<int>(unsignedNumber(object, base, name, std::numeric_limits<int>::max()));
    }

    /// A value parsed from a string member by `parse` (IpAddress::parse, MacAddress::parse, ...).
    template <typename T, typename Parse>
    T parsed(const Json &object, const QString &base, const char *name, Parse parse, bool required = false)
    {
        const QString value = string(object, base, name, required);
        if (failed() || value.isNull())
            return T();
        auto result = parse(value);
        if (!result) {
            failWith(at(base, name), result.error());
            return T();
        }
        return *result;
    }

    IpAddress address(const Json &object, const QString &base, const char *name, bool required = false)
    {
        return parsed<IpAddress>(object, base, name, [](const QString &t) { return IpAddress::parse(t); }, required);
    }
    IpNetwork network(const Json &object, const QString &base, const char *name, bool required = false)
    {
        return parsed<IpNetwork>(object, base, name, [](const QString &t) { return IpNetwork::parse(t); }, required);
    }
    MacAddress mac(const Json &object, const QString &base, const char *name, bool required = false)
    {
        return parsed<MacAddress>(object, base, name, [](const QString &t) { return MacAddress::parse(t); }, required);
    }

    QDateTime time(const Json &object, const QString &base, const char *name)
    {
        const QString value = string(object, base, name);
        if (failed() || value.isNull())
            return QDateTime();
        QDateTime time = QDateTime::fromString(value, Qt::ISODateWithMs);
        if (!time.isValid()) {
            fail(at(base, name), QStringLiteral("an ISO 8601 time"), Json(value.toStdString()));
            return QDateTime();
        }
        return time.toUTC();
    }

    /// An object member (nullptr when missing, null, or on error).
    const Json *object(const Json &parent, const QString &base, const char *name)
    {
        return typed(parent, base, name, Json::value_t::object, QStringLiteral("an object"));
    }

    /// The elements of an array member that are objects; a non-object element is an error.
    template <typename Each>
    void objects(const Json &parent, const QString &base, const char *name, Each each)
    {
        const Json *array = typed(parent, base, name, Json::value_t::array, QStringLiteral("an array"));
        if (!array)
            return;
        for (qsizetype i = 0; i < qsizetype(array->size()) && !failed(); ++i) {
            const Json &element = (*array)[size_t(i)];
            const QString path = at(at(base, name), i);
            if (!element.is_object())
                fail(path, QStringLiteral("an object"), element);
            else
                each(element, path);
        }
    }

    /// The elements of an array member of strings.
    template <typename Each>
    void strings(const Json &parent, const QString &base, const char *name, Each each)
    {
        const Json *array = typed(parent, base, name, Json::value_t::array, QStringLiteral("an array"));
        if (!array)
            return;
        for (qsizetype i = 0; i < qsizetype(array->size()) && !failed(); ++i) {
            const Json &element = (*array)[size_t(i)];
            const QString path = at(at(base, name), i);
            if (!element.is_string())
                fail(path, QStringLiteral("a string"), element);
            else
                each(QString::fromStdString(element.get_ref<const std::string &>()), path);
        }
    }

private:
    std::optional<Error> mError;
};

NodeSummary readSummary(Decoder &d, const Json &doc, const QString &base)
{
    NodeSummary summary;
    summary.lease = d.parsed<SubnetKey>(doc, base, "lease", [](const QString &t) { return SubnetKey::parse(t); });
    summary.publicIp = d.address(doc, base, "publicIp");
    summary.agentVersion = d.string(doc, base, "agentVersion");
    summary.backend = d.string(doc, base, "backend");
    summary.health = d.string(doc, base, "health");
    summary.tableDigest = d.string(doc, base, "tableDigest");
    summary.driftCount = d.intNumber(doc, base, "driftCount");
    summary.lastReconcile = d.time(doc, base, "lastReconcile");
    if (const Json *counters = d.object(doc, base, "counters")) {
        const QString path = Decoder::at(base, "counters");
        summary.leasesSeen = d.unsignedNumber(*counters, path, "leasesSeen");
        summary.entriesProgrammed = d.unsignedNumber(*counters, path, "entriesProgrammed");
        summary.reconcileRepairs = d.unsignedNumber(*counters, path, "reconcileRepairs");
        summary.netlinkErrors = d.unsignedNumber(*counters, path, "netlinkErrors");
        summary.storeErrors = d.unsignedNumber(*counters, path, "storeErrors");
    }
    summary.endpoint = d.string(doc, base, "endpoint");
    return summary;
}

ExternalInterface readExternal(Decoder &d, const Json &doc, const QString &base)
{
    ExternalInterface external;
    external.name = d.string(doc, base, "name");
    external.ipv4 = d.address(doc, base, "ipv4");
    external.ipv6 = d.address(doc, base, "ipv6");
    external.mtu = d.intNumber(doc, base, "mtu");
    d.strings(doc, base, "onLinkPrefixes", [&](const QString &value, const QString &path) {
        const auto prefix = IpNetwork::parse(value);
        if (prefix)
            external.onLinkPrefixes << *prefix;
        else
            d.failWith(path, prefix.error());
    });
    return external;
}

LinkState readLink(Decoder &d, const Json &doc, const QString &base)
{
    LinkState link;
    link.name = d.string(doc, base, "name", true);
    link.kind = d.string(doc, base, "kind");
    link.mac = d.mac(doc, base, "mac");
    link.mtu = d.intNumber(doc, base, "mtu");
    link.up = d.boolean(doc, base, "up");
    d.strings(doc, base, "addresses", [&](const QString &value, const QString &path) {
        const auto network = IpNetwork::parse(value);
        const auto host = IpAddress::parse(value.section(u'/', 0, 0));
        if (!network)
            return d.failWith(path, network.error());
        if (!host)
            return d.failWith(path, host.error());
        link.addresses << *network;
        link.hostAddresses << *host;
    });
    link.master = d.string(doc, base, "master");
    if (const Json *vxlan = d.object(doc, base, "vxlan")) {
        const QString path = Decoder::at(base, "vxlan");
        VxlanAttributes attributes;
        attributes.vni = static_cast<std::uint32_t>(d.unsignedNumber(*vxlan, path, "vni", 16777215));
        attributes.local = d.address(*vxlan, path, "local");
        attributes.port = static_cast<int>(d.unsignedNumber(*vxlan, path, "port", 65535));
        attributes.learning = d.boolean(*vxlan, path, "learning");
        attributes.gbp = d.boolean(*vxlan, path, "gbp");
        link.vxlan = attributes;
    }
    if (const Json *counters = d.object(doc, base, "counters")) {
        const QString path = Decoder::at(base, "counters");
        LinkCounters &c = link.counters;
        c.rxBytes = d.unsignedNumber(*counters, path, "rxBytes");
        c.rxPackets = d.unsignedNumber(*counters, path, "rxPackets");
        c.rxErrors = d.unsignedNumber(*counters, path, "rxErrors");
        c.rxDropped = d.unsignedNumber(*counters, path, "rxDropped");
        c.txBytes = d.unsignedNumber(*counters, path, "txBytes");
        c.txPackets = d.unsignedNumber(*counters, path, "txPackets");
        c.txErrors = d.unsignedNumber(*counters, path, "txErrors");
        c.txDropped = d.unsignedNumber(*counters, path, "txDropped");
    }
    return link;
}

KernelTables readTables(Decoder &d, const Json &doc, const QString &base)
{
    KernelTables tables;
    d.objects(doc, base, "routes", [&](const Json &entry, const QString &path) {
        Route route;
        route.destination = d.network(entry, path, "destination", true);
        if (entry.contains("table"))
            route.table = static_cast<std::uint32_t>(d.unsignedNumber(entry, path, "table", 0xffffffffu));
        route.gateway = d.address(entry, path, "gateway");
        route.device = d.string(entry, path, "device");
        route.onlink = d.boolean(entry, path, "onlink");
        tables.routes << route;
    });
    d.objects(doc, base, "neighbours", [&](const Json &entry, const QString &path) {
        Neighbour neighbour;
        neighbour.device = d.string(entry, path, "device");
        neighbour.address = d.address(entry, path, "address", true);
        neighbour.mac = d.mac(entry, path, "mac");
        neighbour.permanent = d.boolean(entry, path, "permanent");
        tables.neighbours << neighbour;
    });
    d.objects(doc, base, "fdb", [&](const Json &entry, const QString &path) {
        FdbEntry forward;
        forward.device = d.string(entry, path, "device");
        forward.mac = d.mac(entry, path, "mac", true);
        forward.destination = d.address(entry, path, "destination");
        forward.permanent = d.boolean(entry, path, "permanent");
        tables.fdb << forward;
    });
    return tables;
}

Result<Json> parseObject(const QByteArray &text, const QString &what)
{
    auto doc = json::parse(text, what);
    if (!doc)
        return doc.error();
    if (!doc->is_object())
        return Error(QStringLiteral("%1: expected a JSON object, got %2").arg(what, json::typeName(*doc)));
    return doc;
}

} // namespace

QByteArray encodeNodeSummary(const NodeSummary &summary)
{
    return json::dump(summaryJson(summary));
}

Result<NodeSummary> decodeNodeSummary(const QByteArray &text)
{
    const auto doc = parseObject(text, QStringLiteral("node summary"));
    if (!doc)
        return doc.error();
    Decoder d;
    NodeSummary summary = readSummary(d, *doc, QString());
    if (d.failed())
        return d.error();
    return summary;
}

QByteArray encodeNodeReport(const NodeReport &report)
{
    Json links = Json::array();
    for (const LinkState &link : report.links)
        links.push_back(linkJson(link));
    Json out = Json::object();
    out["summary"] = summaryJson(report.summary);
    out["external"] = externalJson(report.external);
    out["links"] = std::move(links);
    out["tables"] = tablesJson(report.tables);
    return json::dump(out);
}

Result<NodeReport> decodeNodeReport(const QByteArray &text)
{
    const auto doc = parseObject(text, QStringLiteral("node report"));
    if (!doc)
        return doc.error();
    Decoder d;
    NodeReport report;
    const QString summaryPath = QStringLiteral("summary");
    if (const Json *summary = d.object(*doc, QString(), "summary"))
        report.summary = readSummary(d, *summary, summaryPath);
    if (const Json *external = d.object(*doc, QString(), "external"))
        report.external = readExternal(d, *external, QStringLiteral("external"));
    d.objects(*doc, QString(), "links", [&](const Json &link, const QString &path) {
        report.links << readLink(d, link, path);
    });
    if (const Json *tables = d.object(*doc, QString(), "tables"))
        report.tables = readTables(d, *tables, QStringLiteral("tables"));
    if (d.failed())
        return d.error();
    return report;
}

QString tableDigest(KernelTables tables)
{
    // The digest must not depend on the order entries were dumped in: sort the entries, then hash
    // their canonical lines one at a time. At 10,000 peers the list of all lines at once would be
    // the agent's largest allocation (several MB), for a value that is only a hash.
    tables.sort();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](QByteArrayView kind, const QString &entry) {
        hash.addData(kind);
        hash.addData(entry.toUtf8());
        hash.addData(QByteArrayView("\n"));
    };
    for (const Neighbour &entry : std::as_const(tables.neighbours))
        add("neigh ", entry.toString());
    for (const FdbEntry &entry : std::as_const(tables.fdb))
        add("fdb ", entry.toString());
    for (const Route &entry : std::as_const(tables.routes))
        add("route ", entry.toString());
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace tartan
