#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <string_view>

/// JSON helpers shared by every codec in core. nlohmann_json reports parse errors by exception;
/// these catch them here so that no exception leaves core.
namespace tartan::json {

/// Keeps members in text (or insertion) order: Go's decoder lets the last of several spellings of
/// one name win, which findField can only honour when the order is kept, and byte-exact encoders
/// (flannel's lease JSON) write members in the order they were set. Comparison is order-sensitive.
using Json = nlohmann::ordered_json;

/// How deeply parse() lets values nest. Far deeper than any document core reads (config Backend
/// options sit at depth 2, flanneld's lease values at 3), and shallow enough that recursive copies
/// and dumps of a hostile document (the store is shared by every node) cannot exhaust the stack.
inline constexpr int kMaxDepth = 32;

/// Parses `text`. `what` names the document and starts every error message: "<what>: malformed
/// JSON: <nlohmann's position and reason>", or "<what>: nested deeper than 32 levels" (the
/// top-level value is depth 0).
Result<Json> parse(const QByteArray &text, const QString &what);

/// The member of `object` whose name equals `name` ignoring ASCII case, as Go's encoding/json
/// matches struct fields; when several match, the last one in member order wins, as in Go.
/// nullptr if none (or if `object` is not an object).
const Json *findField(const Json &object, std::string_view name);

/// Short description of a value's JSON type for messages: "a string", "a number", ...
QString typeName(const Json &value);

inline QString toQString(const std::string &text)
{
    return QString::fromStdString(text);
}

/// Compact text, as Go's json.Marshal writes it. Invalid UTF-8 in a string becomes U+FFFD.
QByteArray dump(const Json &value);

/// A value as compact JSON for a message: dump()'s text, cut to its first `maxLength` - 3
/// characters plus "..." when longer than `maxLength`, so that a whole object given where a number
/// belongs does not bury the rule.
QString quote(const Json &value, int maxLength);

} // namespace tartan::json
