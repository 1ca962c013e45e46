#include "screenshot.h"

#include "mainwindow.h"

#include <QCoreApplication>
#include <QImageWriter>
#include <QPixmap>
#include <QTimer>

#include <cstdio>

namespace tartan::gui {

namespace {

// After the store is in: the view fits the scene and the cards finish their first paint.
constexpr auto kSettle = std::chrono::milliseconds(600);

} // namespace

Screenshot::Screenshot(MainWindow *window, QString path, bool waitForStore, std::chrono::milliseconds timeout)
    : QObject(window), mWindow(window), mPath(std::move(path))
{
    if (!waitForStore) {
        QTimer::singleShot(kSettle, this, &Screenshot::take);
        return;
    }
    connect(window, &MainWindow::ready, this, [this] { QTimer::singleShot(kSettle, this, &Screenshot::take); });
    QTimer::singleShot(timeout, this, &Screenshot::giveUp);
}

void Screenshot::take()
{
    if (mTaken)
        return;
    mTaken = true;
    const QPixmap pixmap = mWindow->grab();
    QImageWriter writer(mPath, "png");
    if (!writer.write(pixmap.toImage())) {
        std::fprintf(stderr, "tartan: cannot write the screenshot %s: %s\n", qPrintable(mPath),
                     qPrintable(writer.errorString()));
        QCoreApplication::exit(1);
        return;
    }
    std::printf("%s\n", qPrintable(mPath));
    QCoreApplication::exit(0);
}

void Screenshot::giveUp()
{
    if (mTaken)
        return;
    mTaken = true;
    const ClusterState *state = mWindow->clusterState();
    std::fprintf(stderr, "tartan: the store did not load in time for the screenshot (%s%s%s)\n",
                 state->connection() == ClusterState::Connection::Connected ? "connected" : "not connected",
                 state->connectionDetail().isEmpty() ? "" : ": ", qPrintable(state->connectionDetail()));
    QCoreApplication::exit(1);
}

} // namespace tartan::gui
