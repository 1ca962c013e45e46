// The topology view at scale, offscreen (QT_QPA_PLATFORM=offscreen unless set otherwise):
//   first frame  a ClusterState's first list of N leases -> TopologyScene built, TopologyView zoomed
//                to fit and rendered into a QImage. Yardstick: N plain QGraphicsRectItems in the same
//                grid, added to a scene, fitted and rendered the same way.
//   focus        selecting one node at N leases above the dense limit: its tunnel lines (one per node of
//                its segment, one bundle per other segment) built and the view rendered again; then
//                the state cleared (another cluster opened) and every card removed.
//   storm        R lease events per second for S seconds (80 % new VTEP MACs, 10 % removals, 10 %
//                additions) applied to the shown, fitted view in batches every 10 ms, as a watch
//                delivers them; the worst event-loop stall seen by a 1 ms probe timer (which includes
//                the repaints of flashing cards), and the slowest applied batch. Target: < 50 ms. Three
//                variants: the topology alone, with a node selected, and the whole main window (every
//                panel following the same state).
// Usage: bench_gui [--leases 1000,10000] [--rate 1000] [--seconds 5] [--repetitions 3]
// BENCH_UPDATE_MODE=<QGraphicsView::ViewportUpdateMode> overrides the view's update mode in the storm
// (measured: full 18 ms, minimal 71 ms, smart 65 ms, bounding rectangle 29 ms worst stall at 10,000).
#include "clusterstate.h"
#include "mainwindow.h"
#include "topology/nodecard.h"
#include "topology/topologyscene.h"
#include "topology/topologyview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGraphicsRectItem>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QStackedWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace tartan;
using namespace tartan::gui;

namespace {

constexpr double kTargetMs = 50;
const QSize kViewSize(1600, 1000);

Lease leaseOf(int n, int generation)
{
    Lease lease;
    lease.subnet.ipv4 = IpNetwork(IpAddress::fromV4((10u << 24) | (quint32(n) << 8)), 24);
    // 200 nodes per /24 of the underlay: 50 segments at 10,000 nodes.
    lease.attrs.publicIp = IpAddress::fromV4((172u << 24) | (16u << 16) | (quint32(n / 200) << 8) | quint32(n % 200 + 1));
    lease.attrs.backendType = QStringLiteral("vxlan");
    VxlanBackendData vxlan;
    vxlan.vni = 1;
    vxlan.vtepMac = MacAddress(MacAddress::Bytes{0x02, quint8(generation), 0, quint8(n >> 16), quint8(n >> 8), quint8(n)});
    lease.attrs.backendData = vxlan.toJson();
    lease.storeLeaseId = 7000 + n;
    lease.modRevision = 100 + n;
    lease.expiration = QDateTime::currentDateTimeUtc().addSecs(24 * 3600);
    return lease;
}

QMap<SubnetKey, Lease> leasesOf(int count)
{
    QMap<SubnetKey, Lease> leases;
    for (int n = 0; n < count; ++n) {
        const Lease lease = leaseOf(n, 0);
        leases.insert(lease.subnet, lease);
    }
    return leases;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double msSince(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1e6;
}

void renderView(QGraphicsView &view)
{
    if (view.viewport()->width() < kViewSize.width() / 2)
        std::fprintf(stderr, "bench_gui: the viewport is only %dx%d\n", view.viewport()->width(), view.viewport()->height());
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    view.render(&painter);
}

struct FrameResult
{
    double totalMs = 0;
    double buildMs = 0;  // resetLeases() until the scene holds every card, frame and line
    double renderMs = 0; // fitting and rendering the view
    double repaintMs = 0; // rendering the same view once more (what a full repaint costs)
};

/// Time from the first list to a rendered, fitted frame of the topology.
FrameResult firstFrame(int count)
{
    const QMap<SubnetKey, Lease> leases = leasesOf(count);
    ClusterState state;
    state.setClusterId(QStringLiteral("bench://first-frame"));
    TopologyScene scene(&state);
    TopologyView view(&scene);
    view.resize(kViewSize);
    view.show();
    FrameResult result;
    QElapsedTimer timer;
    timer.start();
    state.resetLeases(leases);
    result.buildMs = msSince(timer);
    view.fitToView();
    renderView(view);
    result.totalMs = msSince(timer);
    result.renderMs = result.totalMs - result.buildMs;
    if (scene.nodeCount() != count)
        std::fprintf(stderr, "bench_gui: %d cards for %d leases\n", scene.nodeCount(), count);
    timer.restart();
    renderView(view);
    result.repaintMs = msSince(timer);
    return result;
}

/// The same number of bare rectangles in the same grid: what Qt needs at the least.
double yardstick(int count)
{
    QGraphicsScene scene;
    QGraphicsView view(&scene);
    view.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    view.resize(kViewSize);
    view.show();
    const int columns = std::max(1, int(std::sqrt(count * 0.6)));
    QElapsedTimer timer;
    timer.start();
    for (int n = 0; n < count; ++n) {
        auto *item = new QGraphicsRectItem(0, 0, NodeCard::kWidth, NodeCard::kHeight);
        item->setPos((n % columns) * (NodeCard::kWidth + 16), (n / columns) * (NodeCard::kHeight + 16));
        item->setBrush(QColor(59, 125, 216));
        scene.addItem(item);
    }
    view.fitInView(scene.itemsBoundingRect(), Qt::KeepAspectRatio);
    renderView(view);
    return msSince(timer);
}

struct FocusResult
{
    double selectMs = 0;
    double renderMs = 0;
    int edges = 0;
    double clearMs = 0;
};

/// Selecting a node above the dense limit builds its star of tunnels.
FocusResult focus(int count)
{
    ClusterState state;
    TopologyScene scene(&state);
    TopologyView view(&scene);
    view.resize(kViewSize);
    view.show();
    state.resetLeases(leasesOf(count));
    view.fitToView();
    renderView(view);
    FocusResult result;
    QElapsedTimer timer;
    timer.start();
    scene.selectNode(leaseOf(count / 2, 0).subnet);
    result.selectMs = msSince(timer);
    timer.restart();
    renderView(view);
    result.renderMs = msSince(timer);
    result.edges = int(scene.edges().size());
    timer.restart();
    state.clear(); // another cluster is opened: every card goes
    result.clearMs = msSince(timer);
    return result;
}

struct StormResult
{
    double worstStallMs = 0;
    double p99StallMs = 0;
    double worstBatchMs = 0;
    int events = 0;
    int frames = 0;
    int cardsAfter = 0;
};

/// Counts the frames the view's viewport painted.
class PaintCounter : public QObject
{
public:
    int frames = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++frames;
        return false;
    }
};

/// The storm itself, on a state whose views are already shown: `painted` is the widget whose paint
/// events count as frames.
StormResult runStorm(ClusterState &state, QWidget *painted, int count, int rate, int seconds)
{
    PaintCounter paints;
    painted->installEventFilter(&paints);
    QCoreApplication::processEvents();

    StormResult result;
    QRandomGenerator random(42);
    QList<Lease> removed;
    int generation = 1;
    constexpr int kBatchMs = 10;
    const int perBatch = std::max(1, rate * kBatchMs / 1000);
    const int batches = seconds * 1000 / kBatchMs;
    int batchesDone = 0;

    QElapsedTimer clock;
    clock.start();
    std::vector<double> gaps;
    qint64 lastProbe = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back((now - lastProbe) / 1e6);
        lastProbe = now;
    });

    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(kBatchMs);
    QEventLoop loop;
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        QElapsedTimer batch;
        batch.start();
        for (int i = 0; i < perBatch; ++i) {
            const int roll = int(random.bounded(10));
            if (roll == 0 && state.leases().size() > 1) {
                // A removal (a node leaves).
                const auto &leases = state.leases();
                auto it = leases.begin();
                std::advance(it, random.bounded(int(leases.size())));
                const Lease gone = *it; // a copy: removeLease() takes it out of the map it lives in
                removed.append(gone);
                state.removeLease(gone);
            } else if (roll == 1 && !removed.isEmpty()) {
                state.addLease(removed.takeFirst());
            } else {
                const int n = int(random.bounded(count));
                const Lease after = leaseOf(n, ++generation);
                const auto before = state.leases().constFind(after.subnet);
                if (before != state.leases().cend())
                    state.changeLease(*before, after);
                else
                    state.addLease(after);
            }
            ++result.events;
        }
        result.worstBatchMs = std::max(result.worstBatchMs, msSince(batch));
        if (++batchesDone >= batches) {
            feeder.stop();
            // Let the last flashes fade out inside the measurement.
            QTimer::singleShot(1600, &loop, &QEventLoop::quit);
        }
    });
    probe.start();
    feeder.start();
    loop.exec();
    probe.stop();

    std::sort(gaps.begin(), gaps.end());
    result.worstStallMs = gaps.empty() ? 0 : gaps.back();
    result.p99StallMs = gaps.empty() ? 0 : gaps[gaps.size() * 99 / 100];
    result.frames = paints.frames;
    result.cardsAfter = int(state.leases().size());
    return result;
}

/// The topology alone, with or without a node selected.
StormResult storm(int count, int rate, int seconds, bool selected)
{
    ClusterState state;
    state.setClusterId(QStringLiteral("bench://storm"));
    TopologyScene scene(&state);
    TopologyView view(&scene);
    if (qEnvironmentVariableIsSet("BENCH_UPDATE_MODE"))
        view.setViewportUpdateMode(QGraphicsView::ViewportUpdateMode(qEnvironmentVariableIntValue("BENCH_UPDATE_MODE")));
    view.resize(kViewSize);
    view.show();
    state.resetLeases(leasesOf(count));
    view.fitToView();
    if (selected)
        scene.selectNode(leaseOf(1, 0).subnet);
    return runStorm(state, view.viewport(), count, rate, seconds);
}

/// The whole main window: topology, node details, the lease table (shown), the event log and the
/// charts all follow the same state.
StormResult windowStorm(int count, int rate, int seconds)
{
    MainWindow window;
    window.resize(kViewSize);
    window.clusterState()->setClusterId(QStringLiteral("bench://window"));
    qobject_cast<QStackedWidget *>(window.centralWidget())->setCurrentWidget(window.topologyView());
    window.show();
    window.clusterState()->resetLeases(leasesOf(count));
    window.topologyView()->fitToView();
    window.topologyScene()->selectNode(leaseOf(1, 0).subnet);
    return runStorm(*window.clusterState(), window.topologyView()->viewport(), count, rate, seconds);
}

const char *verdict(double ms)
{
    return ms < kTargetMs ? "within" : "OVER";
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(QCommandLineOption(QStringLiteral("leases"), QStringLiteral("Comma-separated lease counts."), QStringLiteral("list"), QStringLiteral("1000,10000")));
    parser.addOption(QCommandLineOption(QStringLiteral("rate"), QStringLiteral("Lease events per second in the storm."), QStringLiteral("n"), QStringLiteral("1000")));
    parser.addOption(QCommandLineOption(QStringLiteral("seconds"), QStringLiteral("Length of the storm."), QStringLiteral("s"), QStringLiteral("5")));
    parser.addOption(QCommandLineOption(QStringLiteral("repetitions"), QStringLiteral("Runs of each first-frame measurement."), QStringLiteral("n"), QStringLiteral("3")));
    parser.addHelpOption();
    parser.process(app);
    QList<int> counts;
    for (const QString &part : parser.value(QStringLiteral("leases")).split(u','))
        counts.append(part.toInt());
    const int rate = parser.value(QStringLiteral("rate")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int repetitions = std::max(1, parser.value(QStringLiteral("repetitions")).toInt());

    std::printf("topology view benchmark: Qt %s, platform %s, view %dx%d, vxlan leases, 200 nodes per underlay /24,\n"
                "  %d repetitions (median) for first frames; target for any UI stall: %.0f ms\n",
                qVersion(), qPrintable(QGuiApplication::platformName()), kViewSize.width(), kViewSize.height(),
                repetitions, kTargetMs);
    for (int count : counts) {
        std::vector<double> ours, builds, renders, repaints, theirs;
        for (int r = 0; r < repetitions; ++r) {
            const FrameResult frame = firstFrame(count);
            ours.push_back(frame.totalMs);
            builds.push_back(frame.buildMs);
            renders.push_back(frame.renderMs);
            repaints.push_back(frame.repaintMs);
            theirs.push_back(yardstick(count));
        }
        const double frame = median(ours), bare = median(theirs);
        std::printf("\n%d leases\n", count);
        std::printf("  first complete frame (scene built, fitted, rendered)   %8.1f ms  (build %.1f, fit + render %.1f)\n",
                    frame, median(builds), median(renders));
        std::printf("  full repaint of the fitted view                         %8.1f ms  (%s %.0f ms)\n", median(repaints),
                    verdict(median(repaints)), kTargetMs);
        std::printf("  yardstick: %d plain QGraphicsRectItems, same frame    %8.1f ms   ratio %.2fx\n", count, bare,
                    frame / bare);
        const FocusResult focused = focus(count);
        std::printf("  select one node: %d tunnel lines built %8.1f ms, frame rendered %.1f ms\n", focused.edges,
                    focused.selectMs, focused.renderMs);
        std::printf("  every card removed at once (the state cleared for another cluster) %.1f ms\n", focused.clearMs);
        for (int variant = 0; variant < 3; ++variant) {
            const StormResult result = variant < 2 ? storm(count, rate, seconds, variant == 1) : windowStorm(count, rate, seconds);
            static const char *const names[] = {"", " (a node selected: its tunnels drawn)",
                                                " (the whole window: topology, details, lease table, event log, charts)"};
            std::printf("  storm %d events/s for %d s%s: %d events, %d frames painted, %d leases after\n", rate, seconds,
                        names[variant], result.events, result.frames, result.cardsAfter);
            std::printf("    worst UI stall %6.1f ms (%s %.0f ms), 99th percentile %.1f ms, slowest batch applied %.1f ms\n",
                        result.worstStallMs, verdict(result.worstStallMs), kTargetMs, result.p99StallMs,
                        result.worstBatchMs);
        }
    }
    return 0;
}
