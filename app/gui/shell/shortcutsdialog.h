#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace tartan::gui {

/// Help > Keyboard Shortcuts: every action of the window that has a shortcut, by menu.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Entry
    {
        QString menu;
        QString action;
        QString keys;
    };

    ShortcutsDialog(const QList<Entry> &entries, QWidget *parent = nullptr);

    /// The entries of a menu bar's menus, without mnemonics ("&File" -> "File").
    static QList<Entry> collect(const QList<QAction *> &menuActions);
};

} // namespace tartan::gui
