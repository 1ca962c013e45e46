#include "chartspanel.h"

#include "poolusage.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHorizontalPercentBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QStackedWidget>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace tartan::gui {

namespace {

QChartView *viewOf(QChart *chart, QWidget *parent)
{
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    return view;
}

void setValues(QBarSet *set, const QList<qreal> &values)
{
    set->remove(0, set->count());
    set->append(values);
}

QString nodeName(const SubnetKey &subnet)
{
    return subnet.ipv4.isNull() ? subnet.ipv6.toString() : subnet.ipv4.toString();
}

} // namespace

ChartsPanel::ChartsPanel(ClusterState *state, QWidget *parent)
    : QWidget(parent), mState(state), mClock([] { return QDateTime::currentDateTimeUtc(); })
{
    auto *tabs = new QTabWidget(this);
    tabs->addTab(createPoolTab(), tr("Subnet pool"));
    tabs->addTab(createEventsTab(), tr("Lease events"));
    tabs->addTab(createNodesTab(), tr("Nodes"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs);

    const auto poolChanged = [this] { mPoolDirty = true; };
    connect(state, &ClusterState::leasesReset, this, poolChanged);
    connect(state, &ClusterState::leaseAdded, this, poolChanged);
    connect(state, &ClusterState::leaseChanged, this, poolChanged);
    connect(state, &ClusterState::leaseRemoved, this, poolChanged);
    connect(state, &ClusterState::configChanged, this, poolChanged);
    connect(state, &ClusterState::event, this, [this](const ClusterEvent &event) {
        mHistory.count(event.kind, event.time);
        mEventsDirty = true;
    });

    mTimer.setInterval(1000);
    connect(&mTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    mTimer.start();
}

QWidget *ChartsPanel::createPoolTab()
{
    mPoolChart = new QChart;
    mPoolChart->setTitle(tr("Subnets in the pool"));
    auto *series = new QHorizontalPercentBarSeries(mPoolChart);
    series->append(new QBarSet(tr("allocated"), series));
    series->append(new QBarSet(tr("reserved"), series));
    series->append(new QBarSet(tr("free"), series));
    mPoolSeries = series;
    mPoolChart->addSeries(series);
    auto *families = new QBarCategoryAxis(mPoolChart);
    mPoolChart->addAxis(families, Qt::AlignLeft);
    series->attachAxis(families);
    auto *percent = new QValueAxis(mPoolChart);
    percent->setRange(0, 100);
    percent->setLabelFormat(QStringLiteral("%d%%"));
    mPoolChart->addAxis(percent, Qt::AlignBottom);
    series->attachAxis(percent);
    mPoolChart->legend()->setAlignment(Qt::AlignBottom);
    return viewOf(mPoolChart, this);
}

QWidget *ChartsPanel::createEventsTab()
{
    mEventsChart = new QChart;
    mEventsChart->setTitle(tr("Lease events per %1 s, last %2 minutes")
                               .arg(EventRateHistory::kBucketSeconds)
                               .arg(EventRateHistory::kBucketSeconds * EventRateHistory::kBucketCount / 60));
    auto *time = new QDateTimeAxis(mEventsChart);
    time->setFormat(QStringLiteral("hh:mm"));
    time->setTickCount(6);
    mEventsChart->addAxis(time, Qt::AlignBottom);
    auto *count = new QValueAxis(mEventsChart);
    count->setLabelFormat(QStringLiteral("%d"));
    count->setRange(0, 5);
    mEventsChart->addAxis(count, Qt::AlignLeft);
    const auto addLine = [&](const QString &name) {
        auto *series = new QLineSeries(mEventsChart);
        series->setName(name);
        mEventsChart->addSeries(series);
        series->attachAxis(time);
        series->attachAxis(count);
        return series;
    };
    mAdded = addLine(tr("added"));
    mChanged = addLine(tr("changed"));
    mRemoved = addLine(tr("removed"));
    mEventsChart->legend()->setAlignment(Qt::AlignBottom);
    return viewOf(mEventsChart, this);
}

QWidget *ChartsPanel::createNodesTab()
{
    mNodesStack = new QStackedWidget(this);
    auto *empty = new QLabel(tr("Per-node table sizes and traffic need agent reports.\n"
                                "They appear here once the nodes' agents report their routes, neighbours, "
                                "FDB entries and traffic."),
                             mNodesStack);
    empty->setObjectName(QStringLiteral("nodesEmptyState"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    mNodesStack->addWidget(empty);

    const auto barChart = [this](const QString &title, const QStringList &sets, QAbstractBarSeries **seriesOut) {
        auto *chart = new QChart;
        chart->setTitle(title);
        auto *series = new QBarSeries(chart);
        for (const QString &name : sets)
            series->append(new QBarSet(name, series));
        chart->addSeries(series);
        auto *nodes = new QBarCategoryAxis(chart);
        nodes->setLabelsAngle(-90); // subnets are longer than a bar group is wide
        chart->addAxis(nodes, Qt::AlignBottom);
        series->attachAxis(nodes);
        auto *values = new QValueAxis(chart);
        values->setLabelFormat(QStringLiteral("%.0f"));
        chart->addAxis(values, Qt::AlignLeft);
        series->attachAxis(values);
        chart->legend()->setAlignment(Qt::AlignBottom);
        *seriesOut = series;
        return chart;
    };
    mNodeTablesChart = barChart(tr("Kernel table entries per node"), {tr("routes"), tr("neighbours"), tr("FDB")}, &mNodeTables);
    mNodeTrafficChart = barChart(tr("Overlay traffic per node (MiB)"), {tr("received"), tr("sent")}, &mNodeTraffic);
    // One chart at a time: each needs the full height for its rotated node labels.
    auto *charts = new QTabWidget(mNodesStack);
    charts->setTabPosition(QTabWidget::South);
    charts->addTab(viewOf(mNodeTablesChart, charts), tr("Tables"));
    charts->addTab(viewOf(mNodeTrafficChart, charts), tr("Traffic"));
    mNodesStack->addWidget(charts);
    return mNodesStack;
}

void ChartsPanel::setNodeFigures(const QMap<SubnetKey, NodeFigures> &figures)
{
    mNodeFigures = figures;
    mNodesDirty = true;
    if (isVisible())
        redrawNodes();
}

QLineSeries *ChartsPanel::eventSeries(ClusterEvent::Kind kind) const
{
    switch (kind) {
    case ClusterEvent::Kind::Added: return mAdded;
    case ClusterEvent::Kind::Changed: return mChanged;
    case ClusterEvent::Kind::Removed: return mRemoved;
    default: return nullptr;
    }
}

bool ChartsPanel::showsNodeCharts() const
{
    return mNodesStack->currentIndex() == 1;
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void ChartsPanel::refresh()
{
    if (mPoolDirty)
        redrawPool();
    if (mEventsDirty || EventRateHistory::bucketOf(mClock()) != mDrawnBucket)
        redrawEvents();
    if (mNodesDirty)
        redrawNodes();
}

void ChartsPanel::redrawPool()
{
    mPoolDirty = false;
    const QList<QBarSet *> sets = mPoolSeries->barSets(); // allocated, reserved, free
    auto *families = qobject_cast<QBarCategoryAxis *>(mPoolChart->axes(Qt::Vertical).value(0));
    QStringList categories;
    QList<qreal> allocated, reserved, free;
    const auto &config = mState->config();
    if (config) {
        const PoolUsage usage = PoolUsage::compute(*config, mState->leases());
        const auto add = [&](const QString &family, const PoolUsage::Counts &counts) {
            QString label = tr("%1: %2 of %3 subnets used")
                                .arg(family, PoolUsage::decimal(counts.allocated + counts.reserved),
                                     PoolUsage::decimal(counts.total));
            if (counts.outsidePool > 0)
                label += tr(" (+%n outside the pool)", nullptr, counts.outsidePool);
            categories << label;
            allocated << PoolUsage::toDouble(counts.allocated);
            reserved << PoolUsage::toDouble(counts.reserved);
            free << PoolUsage::toDouble(counts.free);
        };
        if (usage.ipv4)
            add(tr("IPv4"), *usage.ipv4);
        if (usage.ipv6)
            add(tr("IPv6"), *usage.ipv6);
        mPoolChart->setTitle(tr("Subnets in the pool"));
    } else {
        mPoolChart->setTitle(tr("Subnets in the pool: no valid network config"));
    }
    setValues(sets.at(0), allocated);
    setValues(sets.at(1), reserved);
    setValues(sets.at(2), free);
    if (families)
        families->setCategories(categories);
}

void ChartsPanel::redrawEvents()
{
    mEventsDirty = false;
    const QDateTime now = mClock();
    mDrawnBucket = EventRateHistory::bucketOf(now);
    const QList<EventRateHistory::Bucket> buckets = mHistory.buckets(now);
    QList<QPointF> added, changed, removed;
    int highest = 0;
    for (const EventRateHistory::Bucket &bucket : buckets) {
        const qreal x = qreal(bucket.start.toMSecsSinceEpoch());
        added << QPointF(x, bucket.added);
        changed << QPointF(x, bucket.changed);
        removed << QPointF(x, bucket.removed);
        highest = std::max({highest, bucket.added, bucket.changed, bucket.removed});
    }
    mAdded->replace(added);
    mChanged->replace(changed);
    mRemoved->replace(removed);
    if (auto *time = qobject_cast<QDateTimeAxis *>(mEventsChart->axes(Qt::Horizontal).value(0)))
        time->setRange(buckets.first().start.toLocalTime(), buckets.last().start.addSecs(EventRateHistory::kBucketSeconds).toLocalTime());
    if (auto *count = qobject_cast<QValueAxis *>(mEventsChart->axes(Qt::Vertical).value(0))) {
        count->setRange(0, std::max(5, highest));
        count->applyNiceNumbers();
    }
}

void ChartsPanel::redrawNodes()
{
    mNodesDirty = false;
    if (mNodeFigures.isEmpty()) {
        mNodesStack->setCurrentIndex(0);
        return;
    }
    // The nodes with the largest tables: the ones worth a look first.
    QList<SubnetKey> nodes = mNodeFigures.keys();
    const auto size = [this](const SubnetKey &node) {
        const NodeFigures &f = mNodeFigures[node];
        return qint64(f.routes) + f.neighbours + f.fdb;
    };
    std::stable_sort(nodes.begin(), nodes.end(), [&](const SubnetKey &a, const SubnetKey &b) { return size(a) > size(b); });
    if (nodes.size() > kMaxNodesShown)
        nodes.resize(kMaxNodesShown);

    QStringList categories;
    QList<qreal> routes, neighbours, fdb, rx, tx;
    constexpr qreal kMiB = 1024.0 * 1024.0;
    for (const SubnetKey &node : std::as_const(nodes)) {
        const NodeFigures &f = mNodeFigures[node];
        categories << nodeName(node);
        routes << f.routes;
        neighbours << f.neighbours;
        fdb << f.fdb;
        rx << qreal(f.rxBytes) / kMiB;
        tx << qreal(f.txBytes) / kMiB;
    }
    const auto fill = [&](QChart *chart, QAbstractBarSeries *series, const QList<QList<qreal>> &values) {
        const QList<QBarSet *> sets = series->barSets();
        qreal highest = 1;
        for (qsizetype i = 0; i < sets.size(); ++i) {
            setValues(sets[i], values[i]);
            for (qreal value : values[i])
                highest = std::max(highest, value);
        }
        if (auto *axis = qobject_cast<QBarCategoryAxis *>(chart->axes(Qt::Horizontal).value(0)))
            axis->setCategories(categories);
        if (auto *axis = qobject_cast<QValueAxis *>(chart->axes(Qt::Vertical).value(0))) {
            axis->setRange(0, highest);
            axis->applyNiceNumbers();
        }
    };
    fill(mNodeTablesChart, mNodeTables, {routes, neighbours, fdb});
    fill(mNodeTrafficChart, mNodeTraffic, {rx, tx});
    const QString shown = mNodeFigures.size() > kMaxNodesShown
                              ? tr(" (the %1 largest of %2 nodes)").arg(kMaxNodesShown).arg(mNodeFigures.size())
                              : QString();
    mNodeTablesChart->setTitle(tr("Kernel table entries per node") + shown);
    mNodesStack->setCurrentIndex(1);
}

} // namespace tartan::gui
