#pragma once

#include <QMainWindow>

namespace tartan::gui {

/// The application window. Keeps to wiring: views and models live in their own classes.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

private:
    void createMenus();
    void showAbout();
};

} // namespace tartan::gui
