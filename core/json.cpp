#include "json.h"

namespace tartan::json {

Result<Json> parse(const QByteArray &text, const QString &what)
{
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::exception &e) {
        return Error(QStringLiteral("%1: malformed JSON: %2").arg(what, QString::fromUtf8(e.what())));
    }
}

const Json *findField(const Json &object, std::string_view name)
{
    if (!object.is_object())
        return nullptr;
    const Json *found = nullptr;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string &key = it.key();
        if (key.size() != name.size())
            continue;
        bool equal = true;
        for (size_t i = 0; i < key.size() && equal; ++i)
            equal = std::tolower(static_cast<unsigned char>(key[i])) == std::tolower(static_cast<unsigned char>(name[i]));
        if (equal)
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

QByteArray dump(const OrderedJson &value)
{
    // error_handler::replace: invalid UTF-8 in a string becomes U+FFFD instead of throwing.
    const std::string text = value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace tartan::json
