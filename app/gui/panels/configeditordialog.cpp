#include "configeditordialog.h"

#include "clusterstate.h"
#include "json.h"
#include "networkconfig.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace tartan::gui {

namespace {

const QColor kRemovedBackground(0xff, 0xdd, 0xdd);
const QColor kAddedBackground(0xdd, 0xff, 0xdd);
const QColor kErrorText(0xc0, 0x20, 0x20);
const QColor kValidText(0x20, 0x80, 0x20);

QStringList linesOf(const QByteArray &text)
{
    return QString::fromUtf8(text).split(u'\n');
}

void setColour(QLabel *label, const QColor &colour)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, colour);
    label->setPalette(palette);
}

QPlainTextEdit *monospaceEditor(QWidget *parent)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    return editor;
}

} // namespace

ConfigEditorDialog::ConfigEditorDialog(ClusterState *state, ConfigWriter writer, QWidget *parent)
    : QDialog(parent), mState(state), mWriter(std::move(writer)), mBase(state->configText()),
      mPages(new QStackedWidget(this)), mEditor(monospaceEditor(this)), mValidation(new QLabel(this)),
      mBaseNotice(new QLabel(this)), mFormatButton(new QPushButton(tr("Format"), this)), mReviewButton(new QPushButton(tr("Review changes…"), this)),
      mDiffView(monospaceEditor(this)), mDiffSummary(new QLabel(this)), mWriteError(new QLabel(this)),
      mBackButton(new QPushButton(tr("Back"), this)), mSaveButton(new QPushButton(tr("Save"), this))
{
    setWindowTitle(tr("Edit network config"));
    mEditor->setObjectName(QStringLiteral("configEditor"));
    mValidation->setObjectName(QStringLiteral("validation"));
    mValidation->setWordWrap(true);
    mValidation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mBaseNotice->setObjectName(QStringLiteral("baseNotice"));
    mBaseNotice->setWordWrap(true);
    mBaseNotice->hide();
    mFormatButton->setObjectName(QStringLiteral("formatButton"));
    mFormatButton->setToolTip(tr("Indent the JSON, one member per line"));
    mReviewButton->setObjectName(QStringLiteral("reviewButton"));
    mDiffView->setObjectName(QStringLiteral("diffView"));
    mDiffView->setReadOnly(true);
    mDiffSummary->setObjectName(QStringLiteral("diffSummary"));
    mWriteError->setObjectName(QStringLiteral("writeError"));
    mWriteError->setWordWrap(true);
    mWriteError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setColour(mWriteError, kErrorText);
    mWriteError->hide();
    mBackButton->setObjectName(QStringLiteral("backButton"));
    mSaveButton->setObjectName(QStringLiteral("saveButton"));

    // Edit page.
    auto *editPage = new QWidget(mPages);
    auto *cancel = new QPushButton(tr("Cancel"), editPage);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(mReviewButton, &QPushButton::clicked, this, &ConfigEditorDialog::review);
    connect(mFormatButton, &QPushButton::clicked, this, &ConfigEditorDialog::format);
    auto *editButtons = new QHBoxLayout;
    editButtons->addWidget(mFormatButton);
    editButtons->addStretch();
    editButtons->addWidget(cancel);
    editButtons->addWidget(mReviewButton);
    auto *editLayout = new QVBoxLayout(editPage);
    editLayout->addWidget(mEditor);
    editLayout->addWidget(mValidation);
    editLayout->addLayout(editButtons);
    mPages->addWidget(editPage);

    // Review page.
    auto *reviewPage = new QWidget(mPages);
    connect(mBackButton, &QPushButton::clicked, this, &ConfigEditorDialog::back);
    connect(mSaveButton, &QPushButton::clicked, this, &ConfigEditorDialog::save);
    auto *reviewButtons = new QHBoxLayout;
    reviewButtons->addStretch();
    reviewButtons->addWidget(mBackButton);
    reviewButtons->addWidget(mSaveButton);
    auto *reviewLayout = new QVBoxLayout(reviewPage);
    reviewLayout->addWidget(new QLabel(tr("These changes will be written to the store:"), reviewPage));
    reviewLayout->addWidget(mDiffView);
    reviewLayout->addWidget(mDiffSummary);
    reviewLayout->addWidget(mWriteError);
    reviewLayout->addLayout(reviewButtons);
    mPages->addWidget(reviewPage);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mBaseNotice);
    layout->addWidget(mPages);

    connect(mEditor, &QPlainTextEdit::textChanged, this, &ConfigEditorDialog::validate);
    connect(state, &ClusterState::configChanged, this, &ConfigEditorDialog::baseChanged);
    mEditor->setPlainText(QString::fromUtf8(mBase.isEmpty() ? templateText() : mBase));
    validate();
    resize(640, 480);
}

QByteArray ConfigEditorDialog::templateText()
{
    return QByteArrayLiteral("{\n  \"Network\": \"10.244.0.0/16\",\n  \"Backend\": {\n    \"Type\": \"vxlan\"\n  }\n}\n");
}

QByteArray ConfigEditorDialog::prettyPrinted(const QByteArray &text)
{
    const auto parsed = json::parse(text, QString());
    if (!parsed)
        return text;
    return QByteArray::fromStdString(parsed->dump(2, ' ', false, json::Json::error_handler_t::replace)) + '\n';
}

void ConfigEditorDialog::format()
{
    const QByteArray current = text();
    const QByteArray formatted = prettyPrinted(current);
    if (formatted != current)
        setText(formatted);
}

QByteArray ConfigEditorDialog::text() const
{
    return mEditor->toPlainText().toUtf8();
}

void ConfigEditorDialog::setText(const QByteArray &text)
{
    mEditor->setPlainText(QString::fromUtf8(text));
}

QString ConfigEditorDialog::validationMessage() const
{
    return mValidation->text();
}

ConfigEditorDialog::Page ConfigEditorDialog::page() const
{
    return mPages->currentIndex() == 0 ? Page::Edit : Page::Review;
}

LineDiff ConfigEditorDialog::diff() const
{
    return LineDiff::compute(mBase.isEmpty() ? QStringList() : linesOf(mBase), linesOf(text()));
}

void ConfigEditorDialog::validate()
{
    const auto parsed = NetworkConfig::parse(text());
    mValid = parsed.ok();
    if (mValid) {
        mValidation->setText(text() == mBase ? tr("valid (no changes)") : tr("valid"));
        setColour(mValidation, kValidText);
    } else {
        mValidation->setText(parsed.error().message());
        setColour(mValidation, kErrorText);
    }
    updateButtons();
}

void ConfigEditorDialog::review()
{
    if (!mValid || text() == mBase)
        return;
    mWriteError->hide();
    showDiff();
    mPages->setCurrentIndex(1);
    updateButtons();
}

void ConfigEditorDialog::back()
{
    if (mWriting)
        return;
    mPages->setCurrentIndex(0);
    updateButtons();
}

void ConfigEditorDialog::save()
{
    if (page() != Page::Review || mWriting || !mValid || !mWriter)
        return;
    mWriting = true;
    mWriteError->hide();
    mDiffSummary->setText(tr("Writing…"));
    updateButtons();
    QPointer<ConfigEditorDialog> self(this);
    // The writer may answer after the dialog is gone (closed while the request was in flight).
    mWriter(text(), mBase, [self](Status status) {
        if (self)
            self->writeFinished(status);
    });
}

void ConfigEditorDialog::writeFinished(const Status &status)
{
    mWriting = false;
    if (status.ok()) {
        emit written(text());
        accept();
        return;
    }
    showDiff();
    mWriteError->setText(tr("Not saved: %1").arg(status.error().message()));
    mWriteError->show();
    updateButtons();
}

void ConfigEditorDialog::showDiff()
{
    const LineDiff lines = diff();
    mDiffView->clear();
    QTextCursor cursor(mDiffView->document());
    int removed = 0;
    int added = 0;
    bool first = true;
    for (const LineDiff::Line &line : lines.lines()) {
        QTextBlockFormat format;
        QChar mark = u' ';
        if (line.kind == LineDiff::Kind::Removed) {
            format.setBackground(kRemovedBackground);
            mark = u'-';
            ++removed;
        } else if (line.kind == LineDiff::Kind::Added) {
            format.setBackground(kAddedBackground);
            mark = u'+';
            ++added;
        }
        if (first)
            cursor.setBlockFormat(format);
        else
            cursor.insertBlock(format);
        first = false;
        cursor.insertText(mark + u' ' + line.text);
    }
    mDiffSummary->setText(tr("Lines removed: %1, added: %2").arg(removed).arg(added));
}

void ConfigEditorDialog::baseChanged()
{
    const QByteArray stored = mState->configText();
    if (stored == mBase)
        return;
    mBase = stored;
    mBaseNotice->setText(tr("The config in the store changed while you were editing. Changes are now shown "
                            "against, and will replace, the new value."));
    setColour(mBaseNotice, kErrorText);
    mBaseNotice->show();
    validate();
    if (page() == Page::Review && !mWriting) {
        if (text() == mBase)
            back();
        else
            showDiff();
    }
}

void ConfigEditorDialog::updateButtons()
{
    const bool changed = text() != mBase;
    mReviewButton->setEnabled(mValid && changed && !mWriting);
    mSaveButton->setEnabled(mValid && changed && !mWriting && bool(mWriter));
    mBackButton->setEnabled(!mWriting);
    mEditor->setReadOnly(mWriting);
}

} // namespace tartan::gui
