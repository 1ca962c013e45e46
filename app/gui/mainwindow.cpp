#include "mainwindow.h"

#include "version.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>

namespace tartan::gui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Tartan"));
    auto *placeholder = new QLabel(tr("Not connected to a cluster."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    createMenus();
    resize(1100, 720);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Tartan"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Tartan"),
                       tr("<h3>Tartan %1</h3><p>A flannel-compatible overlay network with a desktop control "
                          "room.</p>")
                           .arg(QString::fromLatin1(kVersion)));
}

} // namespace tartan::gui
