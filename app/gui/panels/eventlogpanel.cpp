#include "eventlogpanel.h"

#include "models/eventlogmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace tartan::gui {

EventLogPanel::EventLogPanel(ClusterState *state, QWidget *parent)
    : QWidget(parent), mModel(new EventLogModel(state, this)), mProxy(new QSortFilterProxyModel(this)),
      mFilter(new QLineEdit(this)), mClear(new QPushButton(tr("Clear"), this)), mView(new QTableView(this))
{
    mProxy->setSourceModel(mModel);
    mProxy->setFilterKeyColumn(-1);
    mProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    mFilter->setObjectName(QStringLiteral("eventFilter"));
    mFilter->setPlaceholderText(tr("Filter events"));
    mFilter->setClearButtonEnabled(true);
    connect(mFilter, &QLineEdit::textChanged, mProxy, &QSortFilterProxyModel::setFilterFixedString);
    mClear->setObjectName(QStringLiteral("clearEvents"));
    connect(mClear, &QPushButton::clicked, mModel, &EventLogModel::clear);

    mView->setObjectName(QStringLiteral("eventLog"));
    mView->setModel(mProxy);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mView->setWordWrap(false);
    mView->verticalHeader()->hide();
    mView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    mView->verticalHeader()->setDefaultSectionSize(mView->fontMetrics().height() + 6);
    mView->horizontalHeader()->setStretchLastSection(true);
    mView->horizontalHeader()->setSectionResizeMode(EventLogModel::TimeColumn, QHeaderView::ResizeToContents);

    // Follow the tail: remember whether the view was at the bottom before rows arrived, and if so
    // keep it there once the range has grown.
    QScrollBar *bar = mView->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) { mFollowing = value >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (mFollowing)
            bar->setValue(maximum);
    });

    auto *tools = new QHBoxLayout;
    tools->addWidget(mFilter);
    tools->addWidget(mClear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tools);
    layout->addWidget(mView);
}

void EventLogPanel::setFilterText(const QString &text)
{
    mFilter->setText(text);
}

} // namespace tartan::gui
