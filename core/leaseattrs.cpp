#include "leaseattrs.h"

#include <string_view>

namespace tartan {

namespace {

using json::Json;

constexpr std::uint64_t kMaxVni = 16777215; // VXLAN network identifiers are 24 bits
// How much of a value a message quotes before cutting it short with "...".
constexpr int kMaxQuoteLength = 40;

Error leaseError(const QString &message)
{
    return Error(QStringLiteral("lease value: ") + message);
}

QString fieldName(std::string_view name)
{
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString quote(const Json &value)
{
    return json::quote(value, kMaxQuoteLength);
}

// The length of the valid UTF-8 sequence at the start of `text`, or 0 where Go's utf8.DecodeRune
// would report an error (overlong forms, surrogates, beyond U+10FFFF, truncated).
int utf8SequenceLength(std::string_view text)
{
    const auto byte = [&](size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    const unsigned lead = byte(0);
    int length = 0;
    unsigned low = 0x80, high = 0xbf; // the range of the second byte
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : low;
        high = lead == 0xed ? 0x9f : high;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : low;
        high = lead == 0xf4 ? 0x8f : high;
    } else {
        return 0;
    }
    if (byte(1) < low || byte(1) > high)
        return 0;
    for (int i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xbf)
            return 0;
    }
    return length;
}

// Go's encodeState.string with escapeHTML, as json.Marshal writes every string: HTML-significant
// characters, control characters, U+2028 and U+2029 escaped; invalid UTF-8 replaced by \ufffd.
// (Go 1.22 started writing \b and \f; flanneld v0.20.2 was built before that and writes \u0008.)
void appendGoString(QByteArray &out, std::string_view text)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += static_cast<char>(c);
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        const int length = utf8SequenceLength(text.substr(i));
        if (length == 0) {
            out += "\\ufffd";
            ++i;
            continue;
        }
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        if (c == 0xe2 && text[i + 1] == '\x80' && (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
            out += "\\u202";
            out += hex[static_cast<unsigned char>(text[i + 2]) & 0xf];
        } else {
            out.append(text.data() + i, length);
        }
        i += static_cast<size_t>(length);
    }
    out += '"';
}

// Go's json.Marshal layout: compact, members in order. nlohmann writes null, booleans and integers
// exactly as Go does; floats differ in places (see LeaseAttrs::encode), but no backend stores one.
void appendGoJson(QByteArray &out, const Json &value)
{
    if (value.is_object()) {
        out += '{';
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it != value.begin())
                out += ',';
            appendGoString(out, it.key());
            out += ':';
            appendGoJson(out, it.value());
        }
        out += '}';
    } else if (value.is_array()) {
        out += '[';
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (it != value.begin())
                out += ',';
            appendGoJson(out, *it);
        }
        out += ']';
    } else if (value.is_string()) {
        appendGoString(out, value.get_ref<const std::string &>());
    } else {
        out += json::dump(value);
    }
}

bool isPresent(const Json &raw)
{
    return !raw.is_null() && !raw.is_discarded();
}

Result<IpAddress> readAddress(const Json &doc, std::string_view name, IpAddress::Family family)
{
    const Json *member = json::findField(doc, name);
    const bool required = family == IpAddress::Family::V4; // PublicIP is a value in Go, PublicIPv6 a pointer
    if (!member || (member->is_null() && !required)) {
        if (required)
            return Error(fieldName(name) + QStringLiteral(": missing"));
        return IpAddress();
    }
    if (!member->is_string()) {
        return Error(QStringLiteral("%1: must be %2 %3 address string, got %4")
                         .arg(fieldName(name), required ? QStringLiteral("an") : QStringLiteral("null or an"),
                              familyName(family), quote(*member)));
    }
    const QString text = QString::fromStdString(member->get_ref<const std::string &>());
    auto address = required ? IpAddress::parseV4(text) : IpAddress::parseV6(text);
    if (!address)
        return address.error().context(fieldName(name));
    return address;
}

Result<VxlanBackendData> vxlanOf(const Json &raw, QStringView field)
{
    if (!isPresent(raw))
        return leaseError(QStringLiteral("%1: missing").arg(field));
    auto data = VxlanBackendData::fromJson(raw, field);
    if (!data)
        return data.error().context(QStringLiteral("lease value"));
    return data;
}

} // namespace

Result<VxlanBackendData> VxlanBackendData::fromJson(const json::Json &data, QStringView field)
{
    const auto fail = [&](std::string_view name, const QString &cause) {
        return Error(QStringLiteral("%1.%2: %3").arg(field, fieldName(name), cause));
    };
    if (!data.is_object())
        return Error(QStringLiteral("%1: must be an object, got %2").arg(field, quote(data)));

    VxlanBackendData result;
    const Json *vni = json::findField(data, "VNI");
    if (!vni)
        return fail("VNI", QStringLiteral("missing"));
    // nlohmann reads non-negative integers as unsigned; a value built in code may be signed.
    bool inRange = false;
    if (vni->is_number_unsigned())
        inRange = vni->get<std::uint64_t>() <= kMaxVni;
    else if (vni->is_number_integer())
        inRange = vni->get<std::int64_t>() >= 0 && vni->get<std::int64_t>() <= std::int64_t(kMaxVni);
    if (!inRange)
        return fail("VNI",
                    QStringLiteral("must be an integer from 0 to %1, got %2").arg(kMaxVni).arg(quote(*vni)));
    result.vni = vni->get<std::uint32_t>();

    const Json *mac = json::findField(data, "VtepMAC");
    if (!mac)
        return fail("VtepMAC", QStringLiteral("missing"));
    if (!mac->is_string())
        return fail("VtepMAC", QStringLiteral("must be a MAC address string, got %1").arg(quote(*mac)));
    const auto parsed = MacAddress::parse(QString::fromStdString(mac->get_ref<const std::string &>()));
    if (!parsed)
        return fail("VtepMAC", parsed.error().message());
    // Peers program this address as a permanent neighbour and FDB entry: only a station address works.
    if (!parsed->isUnicast())
        return fail("VtepMAC", QStringLiteral("%1 is a multicast address").arg(parsed->toString()));
    if (parsed->isZero())
        return fail("VtepMAC", QStringLiteral("%1 is the zero address").arg(parsed->toString()));
    result.vtepMac = *parsed;
    return result;
}

json::Json VxlanBackendData::toJson() const
{
    // Go's struct order; a null MAC is Go's nil hardwareAddr, which marshals as "".
    Json data = Json::object();
    data["VNI"] = vni;
    data["VtepMAC"] = vtepMac.toString().toStdString();
    return data;
}

Result<LeaseAttrs> LeaseAttrs::decode(const QByteArray &value)
{
    // Member order is kept: Go's last-spelling-wins needs it, and so does writing BackendData back
    // out as it came.
    const auto parsed = json::parse(value, QStringLiteral("lease value"));
    if (!parsed)
        return parsed.error();
    const Json &doc = *parsed;
    if (!doc.is_object())
        return leaseError(QStringLiteral("must be a JSON object, got %1").arg(json::typeName(doc)));

    LeaseAttrs attrs;
    const auto publicIp = readAddress(doc, "PublicIP", IpAddress::Family::V4);
    if (!publicIp)
        return publicIp.error().context(QStringLiteral("lease value"));
    attrs.publicIp = *publicIp;
    const auto publicIpv6 = readAddress(doc, "PublicIPv6", IpAddress::Family::V6);
    if (!publicIpv6)
        return publicIpv6.error().context(QStringLiteral("lease value"));
    attrs.publicIpv6 = *publicIpv6;

    if (const Json *type = json::findField(doc, "BackendType"); type && !type->is_null()) {
        if (!type->is_string())
            return leaseError(QStringLiteral("BackendType: must be a string, got %1").arg(quote(*type)));
        attrs.backendType = QString::fromStdString(type->get_ref<const std::string &>());
    }
    // Go's json.RawMessage takes any value; only the backend that reads it knows its shape.
    if (const Json *data = json::findField(doc, "BackendData"))
        attrs.backendData = *data;
    if (const Json *data = json::findField(doc, "BackendV6Data"))
        attrs.backendV6Data = *data;
    return attrs;
}

QByteArray LeaseAttrs::encode() const
{
    Json doc = Json::object();
    doc["PublicIP"] = (publicIp.isV4() ? publicIp : IpAddress::fromV4(0)).toString().toStdString();
    doc["PublicIPv6"] = publicIpv6.isV6() ? Json(publicIpv6.toString().toStdString()) : Json();
    if (!backendType.isEmpty())
        doc["BackendType"] = backendType.toStdString();
    if (isPresent(backendData))
        doc["BackendData"] = backendData;
    if (isPresent(backendV6Data))
        doc["BackendV6Data"] = backendV6Data;
    QByteArray out;
    appendGoJson(out, doc);
    return out;
}

Result<VxlanBackendData> LeaseAttrs::vxlanData() const
{
    return vxlanOf(backendData, u"BackendData");
}

Result<VxlanBackendData> LeaseAttrs::vxlanV6Data() const
{
    return vxlanOf(backendV6Data, u"BackendV6Data");
}

} // namespace tartan
