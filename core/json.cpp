#include "json.h"

#include <algorithm>
#include <cctype>

namespace tartan::json {

Result<Json> parse(const QByteArray &text, const QString &what)
{
    // nlohmann reports the depth of every parse event (the top-level value is depth 0); the
    // deepest one decides. Malformed text is reported before depth, whatever its nesting.
    int depth = 0;
    const auto trackDepth = [&depth](int level, Json::parse_event_t, Json &) {
        depth = std::max(depth, level);
        return true;
    };
    try {
        Json value = Json::parse(text.begin(), text.end(), trackDepth);
        if (depth > kMaxDepth)
            return Error(QStringLiteral("%1: nested deeper than %2 levels").arg(what).arg(kMaxDepth));
        return value;
    } catch (const Json::exception &e) {
        return Error(QStringLiteral("%1: malformed JSON: %2").arg(what, QString::fromUtf8(e.what())));
    }
}

const Json *findField(const Json &object, std::string_view name)
{
    if (!object.is_object())
        return nullptr;
    const auto sameIgnoringCase = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    };
    const Json *found = nullptr;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (std::ranges::equal(it.key(), name, sameIgnoringCase))
            found = &it.value();
    }
    return found;
}

QString typeName(const Json &value)
{
    switch (value.type()) {
    case Json::value_t::null:
        return QStringLiteral("null");
    case Json::value_t::boolean:
        return QStringLiteral("a boolean");
    case Json::value_t::string:
        return QStringLiteral("a string");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return QStringLiteral("a number");
    case Json::value_t::object:
        return QStringLiteral("an object");
    case Json::value_t::array:
        return QStringLiteral("an array");
    default:
        break;
    }
    return QStringLiteral("an invalid value");
}

QByteArray dump(const Json &value)
{
    // error_handler::replace: invalid UTF-8 in a string becomes U+FFFD instead of throwing.
    const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

QString quote(const Json &value, int maxLength)
{
    QString text = QString::fromUtf8(dump(value));
    if (text.size() > maxLength)
        text = text.left(maxLength - 3) + QStringLiteral("...");
    return text;
}

} // namespace tartan::json
