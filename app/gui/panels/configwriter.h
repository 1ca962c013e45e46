#pragma once

#include "result.h"

#include <QByteArray>

#include <functional>

namespace tartan::gui {

/// Writes a new network config to the store, replacing `expectedOld` only if that is still the
/// stored value (empty: only if there is none), and calls `done` once with the outcome: an error
/// says why, e.g. that someone else changed the config meanwhile. The main window binds it to
/// ClusterSession::writeConfig(newText, expectedOld, context, done).
using ConfigWriter = std::function<void(const QByteArray &newText, const QByteArray &expectedOld,
                                        std::function<void(tartan::Status)> done)>;

} // namespace tartan::gui
