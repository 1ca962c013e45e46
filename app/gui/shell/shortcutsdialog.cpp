#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tartan::gui {

namespace {

QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

void collectMenu(const QString &menuName, QMenu *menu, QList<ShortcutsDialog::Entry> &entries)
{
    for (QAction *action : menu->actions()) {
        if (action->menu()) {
            collectMenu(menuName + QStringLiteral(" › ") + plain(action->text()), action->menu(), entries);
            continue;
        }
        if (action->isSeparator() || action->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence &sequence : action->shortcuts())
            keys << sequence.toString(QKeySequence::NativeText);
        entries.append({menuName, plain(action->text()), keys.join(QStringLiteral(", "))});
    }
}

} // namespace

QList<ShortcutsDialog::Entry> ShortcutsDialog::collect(const QList<QAction *> &menuActions)
{
    QList<Entry> entries;
    for (QAction *action : menuActions)
        if (action->menu())
            collectMenu(plain(action->text()), action->menu(), entries);
    return entries;
}

ShortcutsDialog::ShortcutsDialog(const QList<Entry> &entries, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *table = new QTableWidget(int(entries.size()), 3, this);
    table->setObjectName(QStringLiteral("shortcuts"));
    table->setHorizontalHeaderLabels({tr("Menu"), tr("Action"), tr("Shortcut")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int row = 0; row < entries.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(entries.at(row).menu));
        table->setItem(row, 1, new QTableWidgetItem(entries.at(row).action));
        table->setItem(row, 2, new QTableWidgetItem(entries.at(row).keys));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(560, 480);
}

} // namespace tartan::gui
