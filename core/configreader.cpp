#include "configreader.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace tartan {

namespace {

// A message longer than this quotes the start of the value only: a whole object given where a
// number belongs would otherwise bury the rule.
constexpr int kMaxQuoteLength = 64;

} // namespace

ConfigReader::ConfigReader(const json::Json &object, QString prefix)
    : mObject(object), mPrefix(std::move(prefix))
{}

const json::Json *ConfigReader::find(std::string_view name) const
{
    // Go leaves a field untouched for null, so null reads as absent.
    const json::Json *value = json::findField(mObject, name);
    return value && !value->is_null() ? value : nullptr;
}

bool ConfigReader::boolean(std::string_view name, bool fallback)
{
    const json::Json *value = ok() ? find(name) : nullptr;
    if (!value)
        return fallback;
    if (!value->is_boolean()) {
        fail(name, QStringLiteral("must be true or false"));
        return fallback;
    }
    return value->get<bool>();
}

std::optional<qint64> ConfigReader::integer(std::string_view name, qint64 min, qint64 max)
{
    const json::Json *value = ok() ? find(name) : nullptr;
    if (!value)
        return std::nullopt;
    if (value->is_number_integer()) {
        // Above qint64's range is out of every range a config uses; clamping keeps it that way.
        const qint64 number = value->is_number_unsigned()
                                  ? static_cast<qint64>(std::min<std::uint64_t>(
                                        value->get<std::uint64_t>(), std::numeric_limits<qint64>::max()))
                                  : value->get<qint64>();
        if (number >= min && number <= max)
            return number;
    }
    fail(name, QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max));
    return std::nullopt;
}

std::optional<QString> ConfigReader::string(std::string_view name)
{
    const json::Json *value = ok() ? find(name) : nullptr;
    if (!value)
        return std::nullopt;
    if (!value->is_string()) {
        fail(name, QStringLiteral("must be a string"));
        return std::nullopt;
    }
    return QString::fromStdString(value->get_ref<const std::string &>());
}

void ConfigReader::fail(std::string_view name, const QString &rule)
{
    if (mError)
        return;
    QString message = field(name) + QStringLiteral(": ") + rule;
    if (const json::Json *value = find(name))
        message += QStringLiteral(", got ") + quote(*value);
    mError = Error(message);
}

QString ConfigReader::field(std::string_view name) const
{
    return mPrefix + QLatin1String(name.data(), static_cast<qsizetype>(name.size()));
}

QString ConfigReader::quote(const json::Json &value)
{
    return json::quote(value, kMaxQuoteLength);
}

} // namespace tartan
