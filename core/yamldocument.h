#pragma once

#include "json.h"
#include "result.h"

#include <QByteArray>
#include <QString>

namespace tartan {

/// Reads the first document of a YAML text into JSON values, for the kubeconfig (kubectl writes
/// YAML; a JSON kubeconfig is YAML too). Mappings become objects (keys in text order), sequences
/// arrays, and every scalar a string, except a plain (unquoted) `null`, `~` or empty value, which
/// becomes null, and plain `true`/`false`, which become booleans: readers convert the rest.
/// Anchors and aliases are refused (a kubeconfig has none, and aliases make "billion laughs"
/// documents). Tags are ignored: a tagged value is read as if it had none. `what` starts every
/// message: "<what>: YAML line 3 column 5: <libyaml's reason>".
Result<json::Json> parseYaml(const QByteArray &text, const QString &what);

} // namespace tartan
