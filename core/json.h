#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <string_view>

/// JSON helpers shared by every codec in core. nlohmann_json reports parse errors by exception;
/// these catch them here so that no exception leaves core.
namespace tartan::json {

using Json = nlohmann::json;
/// Keeps members in insertion order: what byte-exact encoders (flannel's lease JSON) need.
using OrderedJson = nlohmann::ordered_json;

/// Parses `text`; the error names `what` and nlohmann's position and reason.
Result<Json> parse(const QByteArray &text, const QString &what);

/// The member of `object` whose name equals `name` ignoring ASCII case, as Go's encoding/json
/// matches struct fields; when several match, the last one wins, as in Go. nullptr if none.
const Json *findField(const Json &object, std::string_view name);

/// Short description of a value's JSON type for messages: "a string", "a number", ...
QString typeName(const Json &value);

inline QString toQString(const std::string &text)
{
    return QString::fromStdString(text);
}

/// Compact text, as Go's json.Marshal writes it.
QByteArray dump(const OrderedJson &value);

} // namespace tartan::json
