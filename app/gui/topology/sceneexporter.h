#pragma once

#include "result.h"

#include <QCoreApplication>
#include <QRectF>
#include <QString>

class QGraphicsScene;

namespace tartan::gui {

/// Writes a region of a graphics scene to a PNG or SVG file. The file is opened first, so that a
/// path that cannot be written fails with the system's reason ("Permission denied") before any
/// drawing is done.
class SceneExporter
{
    Q_DECLARE_TR_FUNCTIONS(SceneExporter)
public:
    /// Longest side of an exported PNG: beyond it the picture is scaled down (a 10,000-node
    /// topology at full size would need gigabytes).
    static constexpr int kMaxPngSide = 8192;

    /// At full size up to kMaxPngSide, on the palette's base colour.
    static Status png(QGraphicsScene &scene, const QRectF &source, const QString &path);
    /// `title` and `description` go into the SVG's <title> and <desc>.
    static Status svg(QGraphicsScene &scene, const QRectF &source, const QString &path, const QString &title,
                      const QString &description);
};

} // namespace tartan::gui
