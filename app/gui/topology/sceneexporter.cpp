#include "sceneexporter.h"

#include <QApplication>
#include <QFile>
#include <QGraphicsScene>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QPalette>
#include <QSvgGenerator>

#include <algorithm>

namespace tartan::gui {

namespace {

Result<bool> openForWriting(QFile &file, const QString &what)
{
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error(QStringLiteral("%1: %2").arg(what, file.errorString()));
    return true;
}

} // namespace

Status SceneExporter::png(QGraphicsScene &scene, const QRectF &source, const QString &path)
{
    const QString what = tr("export PNG to %1").arg(path);
    if (source.isEmpty())
        return Error(tr("%1: the topology is empty").arg(what));
    const qreal scale = std::min(1.0, kMaxPngSide / std::max(source.width(), source.height()));
    const QSize size = (source.size() * scale).toSize().expandedTo(QSize(1, 1));
    QFile file(path);
    if (auto opened = openForWriting(file, what); !opened)
        return opened.error();

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(QApplication::palette().color(QPalette::Base));
    {
        QPainter painter(&image);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        scene.render(&painter, QRectF(QPointF(), size), source, Qt::KeepAspectRatio);
    }
    QImageWriter writer(&file, "png");
    if (!writer.write(image))
        return Error(QStringLiteral("%1: %2").arg(what, writer.errorString()));
    file.close();
    if (file.error() != QFileDevice::NoError)
        return Error(QStringLiteral("%1: %2").arg(what, file.errorString()));
    return {};
}

Status SceneExporter::svg(QGraphicsScene &scene, const QRectF &source, const QString &path, const QString &title,
                          const QString &description)
{
    const QString what = tr("export SVG to %1").arg(path);
    if (source.isEmpty())
        return Error(tr("%1: the topology is empty").arg(what));
    QFile file(path);
    if (auto opened = openForWriting(file, what); !opened)
        return opened.error();

    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(), source.size()));
    generator.setTitle(title);
    generator.setDescription(description);
    {
        QPainter painter(&generator);
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        painter.fillRect(QRectF(QPointF(), source.size()), QApplication::palette().color(QPalette::Base));
        scene.render(&painter, QRectF(QPointF(), source.size()), source, Qt::KeepAspectRatio);
    }
    file.close();
    if (file.error() != QFileDevice::NoError)
        return Error(QStringLiteral("%1: %2").arg(what, file.errorString()));
    return {};
}

} // namespace tartan::gui
