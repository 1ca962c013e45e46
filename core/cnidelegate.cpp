#include "cnidelegate.h"

#include "cninetconf.h"
#include "json.h"
#include "subnetenv.h"

#include <algorithm>
#include <vector>

namespace tartan {

namespace {

using json::Json;

/// The plugin must be found in CNI_PATH by name: a path would let a config run any executable.
Status validatePluginName(const QString &type)
{
    if (type.isEmpty() || type.contains(u'/') || type == u"." || type == u"..")
        return Error(QStringLiteral("delegate type '%1' is not a plugin name").arg(type));
    return {};
}

/// One user route, re-encoded as libcni's types.Route does when upstream round-trips ipam.routes
/// through it: dst and gw checked, the known fields kept in struct order, zero or empty optional
/// fields and unknown fields dropped.
Result<Json> encodeRoute(const Json &route, size_t index)
{
    const QString where = QStringLiteral("ipam.routes[%1]").arg(index);
    if (!route.is_object())
        return Error(QStringLiteral("%1: must be an object, got %2").arg(where, json::typeName(route)));
    Json encoded;
    const Json *dst = json::findField(route, "dst");
    if (!dst || !dst->is_string())
        return Error(QStringLiteral("%1: 'dst' must be a network such as 10.96.0.0/12").arg(where));
    if (auto network = IpNetwork::parse(json::toQString(dst->get<std::string>())); !network)
        return network.error().context(where + QStringLiteral(".dst"));
    encoded["dst"] = dst->get<std::string>();
    if (const Json *gw = json::findField(route, "gw");
        gw && !gw->is_null() && !(gw->is_string() && gw->get<std::string>().empty())) {
        if (!gw->is_string())
            return Error(
                QStringLiteral("%1: 'gw' must be an address string, got %2").arg(where, json::typeName(*gw)));
        if (auto address = IpAddress::parse(json::toQString(gw->get<std::string>())); !address)
            return address.error().context(where + QStringLiteral(".gw"));
        encoded["gw"] = gw->get<std::string>();
    }
    // mtu/advmss/priority are omitempty ints; table/scope are pointers (kept when present, even 0).
    for (const char *name : {"mtu", "advmss", "priority", "table", "scope"}) {
        const Json *value = json::findField(route, name);
        if (!value || value->is_null())
            continue;
        if (!value->is_number_integer())
            return Error(QStringLiteral("%1: '%2' must be an integer, got %3")
                             .arg(where, QLatin1String(name), json::typeName(*value)));
        const bool pointer = std::string_view(name) == "table" || std::string_view(name) == "scope";
        if (pointer || value->get<long long>() != 0)
            encoded[name] = value->get<long long>();
    }
    return encoded;
}

/// `value` with every object's members sorted by name, as Go's json.Marshal writes a
/// map[string]interface{} (byte order, which std::string's operator< also uses).
Json sortedKeys(const Json &value)
{
    if (value.is_array()) {
        Json array = Json::array();
        for (const Json &item : value)
            array.push_back(sortedKeys(item));
        return array;
    }
    if (!value.is_object())
        return value;
    std::vector<std::string> keys;
    for (auto it = value.begin(); it != value.end(); ++it)
        keys.push_back(it.key());
    std::sort(keys.begin(), keys.end());
    Json object = Json::object();
    for (const std::string &key : keys)
        object[key] = sortedKeys(value.at(key));
    return object;
}

/// Go's json.Marshal escapes <, > and & (for embedding in HTML) and U+2028/U+2029 (for
/// JavaScript). Those characters can only occur inside JSON strings, so a plain replacement is exact.
QByteArray goEscaped(QByteArray text)
{
    return text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\xe2\x80\xa8", "\\u2028")
        .replace("\xe2\x80\xa9", "\\u2029");
}

bool has(const Json &object, const char *key)
{
    return object.contains(key); // the delegate and ipam are Go maps upstream: exact, case-sensitive keys
}

} // namespace

Result<CniDelegate> CniDelegate::build(const CniNetConf &netconf, const SubnetEnv &env)
{
    if (auto complete = env.requireComplete(QStringLiteral("subnet.env")); !complete)
        return complete.error();

    Json delegate = netconf.delegate().is_object() ? netconf.delegate() : Json::object();
    if (has(delegate, "type") && !delegate["type"].is_string())
        return Error(QStringLiteral("'delegate' must have a string 'type', got %1")
                         .arg(json::typeName(delegate["type"])));
    if (has(delegate, "name"))
        return Error(QStringLiteral("'delegate' must not have 'name': flannel sets it from the netconf"));
    if (has(delegate, "ipam"))
        return Error(QStringLiteral(
            "'delegate' must not have 'ipam': flannel builds it from subnet.env and the netconf's 'ipam'"));

    if (!netconf.runtimeConfig().is_null())
        delegate["runtimeConfig"] = netconf.runtimeConfig();
    delegate["name"] = netconf.name().toStdString();
    if (!has(delegate, "type"))
        delegate["type"] = "bridge";
    const QString type = json::toQString(delegate["type"].get<std::string>());
    if (auto valid = validatePluginName(type); !valid)
        return valid.error();
    // flanneld masquerading means the bridge must not, and the reverse.
    if (!has(delegate, "ipMasq"))
        delegate["ipMasq"] = !*env.ipMasq();
    if (!has(delegate, "mtu"))
        delegate["mtu"] = *env.mtu();
    if (type == u"bridge" && !has(delegate, "isGateway"))
        delegate["isGateway"] = true;
    if (!netconf.cniVersion().isEmpty())
        delegate["cniVersion"] = netconf.cniVersion().toStdString();

    Json ipam = netconf.ipam().is_object() ? netconf.ipam() : Json::object();
    if (!has(ipam, "type"))
        ipam["type"] = "host-local";
    Json ranges = Json::array();
    for (const IpNetwork &subnet : {env.subnet(), env.ipv6Subnet()}) {
        if (!subnet.isNull())
            ranges.push_back(Json::array({Json{{"subnet", subnet.toString().toStdString()}}}));
    }
    ipam["ranges"] = ranges;

    Json routes = Json::array();
    if (has(ipam, "routes") && !ipam["routes"].is_null()) {
        if (!ipam["routes"].is_array())
            return Error(
                QStringLiteral("ipam.routes: must be an array, got %1").arg(json::typeName(ipam["routes"])));
        for (size_t i = 0; i < ipam["routes"].size(); ++i) {
            auto route = encodeRoute(ipam["routes"][i], i);
            if (!route)
                return route.error();
            routes.push_back(*route);
        }
    }
    for (const QList<IpNetwork> *networks : {&env.networks(), &env.ipv6Networks()}) {
        for (const IpNetwork &network : *networks)
            routes.push_back(Json{{"dst", network.toString().toStdString()}});
    }
    ipam["routes"] = Json::array(); // a placeholder: sortedKeys() puts it in place, the routes replace it
    delegate["ipam"] = ipam;

    // Upstream's delegate is a map[string]interface{}, which Go marshals with sorted keys; its
    // routes are libcni structs, whose fields keep their declaration order.
    Json rendered = sortedKeys(delegate);
    rendered["ipam"]["routes"] = routes;
    return CniDelegate(type, goEscaped(json::dump(rendered)));
}

Result<CniDelegate> CniDelegate::fromSaved(const QByteArray &bytes)
{
    auto config = json::parse(bytes, QStringLiteral("saved delegate config"));
    if (!config)
        return config.error();
    const Json *type = json::findField(*config, "type");
    if (!type || !type->is_string())
        return Error(QStringLiteral("saved delegate config: 'type' is missing or not a string"));
    const QString name = json::toQString(type->get<std::string>());
    if (auto valid = validatePluginName(name); !valid)
        return valid.error().context(QStringLiteral("saved delegate config"));
    return CniDelegate(name, bytes);
}

} // namespace tartan
