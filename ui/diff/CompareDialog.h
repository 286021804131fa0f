#pragma once

#include "DiffView.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;

namespace sd::ui {

class Shell;

// Picks one side of a comparison: connection, subject (any context) and version.
class DiffSidePicker : public QWidget
{
    Q_OBJECT
public:
    DiffSidePicker(Shell &shell, const QString &title, QWidget *parent = nullptr);

    void setConnection(const QString &connectionId);
    // Selects the subject once the connection's subjects are listed (and its versions then).
    void setSubject(const QString &subject, int version = 0);
    // When the subjects arrive, pick the counterpart of `subject` on `sourceConnectionId` instead.
    void suggestCounterpartOf(const QString &sourceConnectionId, const QString &subject, int version);
    DiffSide side() const;
    QString connectionId() const;
    QString subject() const;
    int version() const;
    bool isLoading() const { return m_subjectRequests.isBusy() || m_versionRequests.isBusy(); }
    QStringList subjects() const { return m_subjects; }

Q_SIGNALS:
    void changed();

private:
    void loadSubjects();
    void loadVersions();

    Shell &m_shell;
    QComboBox *m_connection = nullptr;
    QComboBox *m_subject = nullptr;
    QComboBox *m_version = nullptr;
    QLabel *m_status = nullptr;
    QStringList m_subjects;
    QString m_wantedSubject;
    int m_wantedVersion = 0;
    QString m_counterpartSource;
    registry::RequestGroup m_subjectRequests; // the latest listing of each kind wins
    registry::RequestGroup m_versionRequests;
};

// "Compare…": two sides, each a registered version in any connection or context; OK opens the diff.
// The left side starts on `left` (else the registry selected in the tree); the right side on the
// registry holding the left subject's counterpart, else the one selected in the tree
// (items::DefaultRegistry::compareRight).
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    CompareDialog(Shell &shell, const DiffSide &left, const QString &selectedConnectionId = {},
                  QWidget *parent = nullptr);

    DiffSidePicker *leftPicker() const { return m_left; }
    DiffSidePicker *rightPicker() const { return m_right; }

private:
    DiffSidePicker *m_left = nullptr;
    DiffSidePicker *m_right = nullptr;
};

} // namespace sd::ui
