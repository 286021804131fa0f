#include "Dialogs.h"

#include "registry/RegistryClient.h"

#include <QInputDialog>
#include <QLabel>
#include <QList>
#include <QMessageBox>
#include <QPushButton>

namespace sd::ui::Dialogs {

namespace {
Answerer &answerer()
{
    static Answerer instance;
    return instance;
}
QList<Question> &asked()
{
    static QList<Question> list;
    return list;
}

// A message with only an OK button, recorded and given to the answerer if there is one. Questions name
// subjects, exporters and server messages: shown as plain text, never as markup or links.
void showMessage(QWidget *parent, Kind kind, QMessageBox::Icon icon, const QString &title,
                 const QString &text)
{
    const Question question{kind, title, text, {}};
    asked().append(question);
    if (answerer()) {
        answerer()(question, nullptr);
        return;
    }
    QMessageBox box(icon, title, text, QMessageBox::Ok, parent);
    box.setTextFormat(Qt::PlainText);
    box.exec();
}
} // namespace

void setAnswerer(Answerer a)
{
    answerer() = std::move(a);
}

void clearAnswerer()
{
    answerer() = nullptr;
}

QList<Question> takeAsked()
{
    return std::exchange(asked(), {});
}

bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel)
{
    const Question question{Kind::Confirm, title, text, {}};
    asked().append(question);
    if (answerer())
        return answerer()(question, nullptr);
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText);
    QPushButton *accept = box.addButton(acceptLabel, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.exec();
    return box.clickedButton() == accept;
}

bool confirmTyped(QWidget *parent, const QString &title, const QString &text, const QString &mustType,
                  registry::WriteConfirmation *confirmation)
{
    const Question question{Kind::TypedConfirm, title, text, mustType};
    asked().append(question);
    QString typed;
    if (answerer()) {
        if (!answerer()(question, &typed))
            return false;
    } else {
        QInputDialog dialog(parent);
        dialog.setWindowTitle(title);
        dialog.setInputMode(QInputDialog::TextInput);
        dialog.setLabelText(text + QStringLiteral("\n\n") +
                            QObject::tr("This connection is protected. Type %1 to confirm:").arg(mustType));
        for (QLabel *label : dialog.findChildren<QLabel *>())
            label->setTextFormat(Qt::PlainText);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        typed = dialog.textValue();
    }
    if (confirmation)
        *confirmation = {mustType, typed};
    return typed == mustType;
}

bool confirmChange(QWidget *parent, const registry::ConnectionProfile *profile, const QString &title,
                   const QString &text, const QString &acceptLabel, const QString &mustType,
                   registry::WriteConfirmation *confirmation)
{
    if (confirmation)
        *confirmation = {};
    if (!profile || profile->readOnly)
        return false;
    if (profile->isProtected)
        return confirmTyped(parent, title, text, mustType, confirmation);
    return confirm(parent, title, text, acceptLabel);
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    showMessage(parent, Kind::Warning, QMessageBox::Warning, title, text);
}

void information(QWidget *parent, const QString &title, const QString &text)
{
    showMessage(parent, Kind::Information, QMessageBox::Information, title, text);
}

} // namespace sd::ui::Dialogs
