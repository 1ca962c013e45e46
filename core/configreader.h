#pragma once

#include "json.h"
#include "result.h"

#include <QString>

#include <optional>
#include <string_view>

namespace tartan {

/// Reads typed members of one config object the way Go's encoding/json fills a struct: names match
/// ignoring ASCII case, a member that is null leaves the field at its default, and an integer field
/// takes JSON integers only (1.0, 1e3 and "1" are errors, as in Go). Every failure is worded alike,
/// "<field>: <rule>, got <value as JSON>". Shared by NetworkConfig::parse and BackendConfig::fromJson.
///
/// The first failure is kept and later reads return nothing, so a parser can read a group of
/// fields and check ok() once. The reader borrows `object`, which must outlive it.
class ConfigReader
{
public:
    /// `prefix` goes before every field name in messages: "Backend." gives "Backend.VNI".
    explicit ConfigReader(const json::Json &object, QString prefix = {});

    /// The member called `name`, or nullptr when it is absent or null.
    const json::Json *find(std::string_view name) const;

    /// `fallback` when absent; must be a JSON boolean.
    bool boolean(std::string_view name, bool fallback);
    /// nullopt when absent (or after a failure); must be a JSON integer from `min` to `max`.
    std::optional<qint64> integer(std::string_view name, qint64 min, qint64 max);
    /// nullopt when absent (or after a failure); must be a JSON string.
    std::optional<QString> string(std::string_view name);

    /// Records that `name` broke `rule` (unless a failure is already recorded). The message quotes
    /// the member's value when it has one: "SubnetLen: must be an integer from 0 to 30, got 31".
    void fail(std::string_view name, const QString &rule);

    bool ok() const { return !mError.has_value(); }
    /// The first failure; only meaningful when !ok().
    Error error() const { return mError.value_or(Error()); }
    /// The field's name as messages spell it: prefix + name.
    QString field(std::string_view name) const;

    /// A value as compact JSON for a message, shortened to 64 characters (json::quote).
    static QString quote(const json::Json &value);

private:
    const json::Json &mObject;
    QString mPrefix;
    std::optional<Error> mError;
};

} // namespace tartan
