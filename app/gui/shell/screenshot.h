#pragma once

#include <QObject>
#include <QString>

#include <chrono>

namespace tartan::gui {

class MainWindow;

/// `tartan --screenshot FILE`: renders the main window into FILE (PNG) once the store is loaded
/// and, with --trace, the path traced (MainWindow::ready(); at once when there is no connection to wait for), then quits the application with exit code
/// 0, or 1 with the reason on stderr (the store did not load in time, the file cannot be written).
class Screenshot : public QObject
{
    Q_OBJECT
public:
    Screenshot(MainWindow *window, QString path, bool waitForStore, std::chrono::milliseconds timeout);

private:
    void take();
    void giveUp();

    MainWindow *mWindow;
    QString mPath;
    bool mTaken = false;
};

} // namespace tartan::gui
