#include "CompareDialog.h"

#include "DiffFeature.h"
#include "items/DefaultRegistry.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "ui/AppContext.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <algorithm>
#include <functional>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

DiffSidePicker::DiffSidePicker(Shell &shell, const QString &title, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
{
    auto *box = new QGroupBox(title, this);
    auto *form = new QFormLayout(box);
    m_connection = new QComboBox(box);
    m_connection->setObjectName(u"pickerConnection"_s);
    items::RegistryWorkspace *workspace = shell.workspace();
    for (const QString &id : workspace->connectionIds()) {
        const auto *connection = workspace->connection(id);
        m_connection->addItem(connection ? connection->profile.name : id, id);
    }
    m_subject = new QComboBox(box);
    m_subject->setObjectName(u"pickerSubject"_s);
    m_subject->setEditable(true);
    m_subject->setInsertPolicy(QComboBox::NoInsert);
    m_subject->setMinimumContentsLength(32);
    m_subject->completer()->setFilterMode(Qt::MatchContains);
    m_subject->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_version = new QComboBox(box);
    m_version->setObjectName(u"pickerVersion"_s);
    m_status = plainLabel(box);
    m_status->setObjectName(u"pickerStatus"_s);
    m_status->setWordWrap(true);
    form->addRow(tr("&Connection:"), m_connection);
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("&Version:"), m_version);
    form->addRow(m_status);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);

    connect(m_connection, &QComboBox::currentIndexChanged, this, [this] { loadSubjects(); });
    connect(m_subject, &QComboBox::currentTextChanged, this, [this] { loadVersions(); });
    connect(m_version, &QComboBox::currentIndexChanged, this, &DiffSidePicker::changed);
}

QString DiffSidePicker::connectionId() const
{
    return m_connection->currentData().toString();
}

QString DiffSidePicker::subject() const
{
    return m_subject->currentText().trimmed();
}

int DiffSidePicker::version() const
{
    return m_version->currentData().toInt();
}

DiffSide DiffSidePicker::side() const
{
    DiffSide side;
    side.connectionId = connectionId();
    side.subject = subject();
    side.version = version();
    return side;
}

void DiffSidePicker::setConnection(const QString &connectionId)
{
    const int index = m_connection->findData(connectionId);
    if (index >= 0 && index != m_connection->currentIndex())
        m_connection->setCurrentIndex(index);
    else if (m_subjects.isEmpty() && !isLoading())
        loadSubjects();
}

void DiffSidePicker::setSubject(const QString &subject, int version)
{
    m_wantedSubject = subject;
    m_wantedVersion = version;
    m_counterpartSource.clear();
    if (m_subjects.contains(subject))
        m_subject->setCurrentText(subject);
}

void DiffSidePicker::suggestCounterpartOf(const QString &sourceConnectionId, const QString &subject,
                                          int version)
{
    m_counterpartSource = sourceConnectionId;
    m_wantedSubject = subject;
    m_wantedVersion = version;
    if (!m_subjects.isEmpty() && !isLoading())
        loadSubjects(); // re-run the choice with the list at hand
}

void DiffSidePicker::loadSubjects()
{
    registry::RegistryClient *client = m_shell.workspace()->client(connectionId());
    m_subjects.clear();
    m_subject->clear();
    m_version->clear();
    if (!client)
        return;
    m_subjectRequests.start(); // a newer listing replaces an older one
    m_status->setText(tr("Listing subjects…"));
    registry::SubjectQuery query;
    query.subjectPrefix = u":*:"_s; // every context
    m_subjectRequests.track(client->listSubjects(
        query, m_subjectRequests.context(), [this](const registry::Result<QStringList> &result) {
            if (!result) {
                m_status->setText(tr("Subjects not listed: %1").arg(result.error.toDisplayString()));
                return;
            }
            m_status->clear();
            m_subjects = result.value;
            std::sort(m_subjects.begin(), m_subjects.end());
            QString choice = m_wantedSubject;
            if (!m_counterpartSource.isEmpty()) {
                const auto *source = m_shell.workspace()->connection(m_counterpartSource);
                choice =
                    suggestCounterpart(m_subjects, m_wantedSubject, m_counterpartSource == connectionId(),
                                       source ? source->profile.name : QString());
                if (choice.isEmpty()) {
                    choice = m_wantedSubject;
                    m_status->setText(tr("No subject named like %1 here: pick one.").arg(m_wantedSubject));
                } else if (choice != m_wantedSubject) {
                    m_status->setText(tr("Mapped %1 to %2.").arg(m_wantedSubject, choice));
                }
            }
            const QSignalBlocker blocker(m_subject);
            m_subject->addItems(m_subjects);
            m_subject->setCurrentText(choice);
            loadVersions();
        }));
}

void DiffSidePicker::loadVersions()
{
    m_version->clear();
    registry::RegistryClient *client = m_shell.workspace()->client(connectionId());
    const QString name = subject();
    if (!client || name.isEmpty() || !m_subjects.contains(name)) {
        Q_EMIT changed();
        return;
    }
    m_versionRequests.start();
    m_versionRequests.track(client->listVersions(
        name, true, false, m_versionRequests.context(), [this](const registry::Result<QList<int>> &result) {
            const QSignalBlocker blocker(m_version);
            m_version->clear();
            m_version->addItem(tr("latest"), 0);
            if (result) {
                QList<int> versions = result.value;
                std::sort(versions.begin(), versions.end(), std::greater<>());
                for (int v : versions)
                    m_version->addItem(tr("v%1").arg(v), v);
            }
            const int index = m_version->findData(m_wantedVersion);
            m_version->setCurrentIndex(index >= 0 ? index : 0);
            Q_EMIT changed();
        }));
}

CompareDialog::CompareDialog(Shell &shell, const DiffSide &left, const QString &selectedConnectionId,
                             QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"compareDialog"_s);
    setWindowTitle(tr("Compare schemas"));
    m_left = new DiffSidePicker(shell, tr("Left (older)"), this);
    m_left->setObjectName(u"compareLeft"_s);
    m_right = new DiffSidePicker(shell, tr("Right (newer)"), this);
    m_right->setObjectName(u"compareRight"_s);
    auto *sides = new QHBoxLayout;
    sides->addWidget(m_left);
    sides->addWidget(m_right);
    auto *hint =
        new QLabel(tr("Any subject in any connection or context. The right side starts where the same "
                      "subject name is, mapped to a context prefix where that registry has one."),
                   this);
    hint->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Compare"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(hint);
    layout->addLayout(sides);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateOk = [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)
            ->setEnabled(!m_left->subject().isEmpty() && !m_right->subject().isEmpty() &&
                         m_left->subjects().contains(m_left->subject()) &&
                         m_right->subjects().contains(m_right->subject()));
    };
    connect(m_left, &DiffSidePicker::changed, this, updateOk);
    connect(m_right, &DiffSidePicker::changed, this, updateOk);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(false);

    const QStringList ids = shell.workspace()->connectionIds();
    QString leftConnection = left.connectionId;
    if (leftConnection.isEmpty())
        leftConnection = ids.contains(selectedConnectionId) ? selectedConnectionId
                         : ids.isEmpty()                    ? QString()
                                                            : ids.first();
    const QString rightConnection =
        items::DefaultRegistry(*shell.workspace()->tree())
            .compareRight(ids, leftConnection, left.subject, selectedConnectionId);
    m_left->setSubject(left.subject, left.version);
    m_left->setConnection(leftConnection);
    if (!left.subject.isEmpty())
        m_right->suggestCounterpartOf(leftConnection, left.subject, 0);
    m_right->setConnection(rightConnection);
}

} // namespace sd::ui
