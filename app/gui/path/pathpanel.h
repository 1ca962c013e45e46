#pragma once

#include "clusterstate.h"
#include "pathtrace.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QPlainTextEdit;

namespace tartan::gui {

class AgentReports;
class PathDiagram;

/// The packet path view: source and destination fields (a pod or node address; the topology's
/// "Trace from here" / "Trace to here" fill them), Trace, and the PathDiagram of the result. A trace
/// first fetches every agent's report (AgentReports), then runs PathTracer over them with the
/// state's config and leases, so it reads the kernels as they are now.
class PathPanel : public QWidget
{
    Q_OBJECT
public:
    PathPanel(ClusterState *state, AgentReports *reports, QWidget *parent = nullptr);

    void setSource(const QString &address);
    void setDestination(const QString &address);
    QString source() const;
    QString destination() const;
    /// Fetches the reports, then traces; traced() follows (or failed() for bad input).
    void trace();
    /// Fills in the addresses and traces once the state is connected, synced and knows the agents'
    /// summaries (which name the agents to ask): at once if it already is. `tartan --trace`.
    void traceWhenLoaded(const QString &source, const QString &destination);
    bool isTracePending() const { return mTracePending; }
    /// The address "Trace from/to here" uses for a node: the first pod address of its subnet.
    static QString podAddress(const SubnetKey &node);

    const std::optional<PathTrace> &result() const;
    PathDiagram *diagram() const { return mDiagram; }
    QString statusText() const;

signals:
    void traced(const tartan::PathTrace &trace);
    void failed(const QString &why);

private:
    /// Runs the tracer once a trace() is waiting and no report fetch is under way any more.
    void traceIfFetched();
    void runTracer();
    void startPendingTrace();
    void fail(const QString &why);

    ClusterState *mState;
    AgentReports *mReports;
    QLineEdit *mSource;
    QLineEdit *mDestination;
    QPushButton *mTrace;
    QLabel *mStatus;
    PathDiagram *mDiagram;
    QPlainTextEdit *mText;
    bool mWaiting = false;
    bool mTracePending = false;
};

} // namespace tartan::gui
