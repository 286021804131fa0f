#pragma once

#include <functional>
#include <optional>
#include <QString>
#include <QStringList>

class QWidget;

namespace sd::registry {
struct ConnectionProfile;
struct WriteConfirmation;
} // namespace sd::registry

namespace sd::ui {

// The one seam for short modal questions and messages. Tests pre-answer through setAnswerer(), so
// GUI tests drive confirmations without a nested event loop, and see exactly what was asked.
namespace Dialogs {

enum class Kind { Confirm, TypedConfirm, Warning, Information };

struct Question
{
    Kind kind;
    QString title;
    QString text;
    QString mustType; // TypedConfirm: what the user has to type
};

// Yes/No with a specific accept label (e.g. "Delete permanently").
bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel);
// Protected connections: the user must type `mustType` (e.g. the subject name) to go ahead. What was
// typed goes to `confirmation`, which the write must carry: RegistryClient refuses changes to a
// protected registry without it.
bool confirmTyped(QWidget *parent, const QString &title, const QString &text, const QString &mustType,
                  registry::WriteConfirmation *confirmation = nullptr);
// A change on a connection: false on a read-only one (or none), typed (`mustType`) on a protected one,
// else Yes/No. `confirmation` receives what the write must carry.
bool confirmChange(QWidget *parent, const registry::ConnectionProfile *profile, const QString &title,
                   const QString &text, const QString &acceptLabel, const QString &mustType,
                   registry::WriteConfirmation *confirmation);
void warning(QWidget *parent, const QString &title, const QString &text);
void information(QWidget *parent, const QString &title, const QString &text);

// Tests: answers the next questions instead of showing dialogs. Return true/false for confirmations
// (for TypedConfirm: return the text "typed" through typedText); messages ignore the answer.
using Answerer = std::function<bool(const Question &question, QString *typedText)>;
void setAnswerer(Answerer answerer);
void clearAnswerer();
// Everything asked since the last call, oldest first.
QList<Question> takeAsked();

} // namespace Dialogs
} // namespace sd::ui
