#include "Dialogs.h"

#include <QInputDialog>
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
    QPushButton *accept = box.addButton(acceptLabel, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel);
    box.exec();
    return box.clickedButton() == accept;
}

bool confirmTyped(QWidget *parent, const QString &title, const QString &text, const QString &mustType)
{
    const Question question{Kind::TypedConfirm, title, text, mustType};
    asked().append(question);
    QString typed;
    if (answerer()) {
        if (!answerer()(question, &typed))
            return false;
    } else {
        bool ok = false;
        typed = QInputDialog::getText(
            parent, title,
            text + QStringLiteral("\n\n") +
                QObject::tr("This connection is protected. Type %1 to confirm:").arg(mustType),
            QLineEdit::Normal, {}, &ok);
        if (!ok)
            return false;
    }
    return typed == mustType;
}

void warning(QWidget *parent, const QString &title, const QString &text)
{
    const Question question{Kind::Warning, title, text, {}};
    asked().append(question);
    if (answerer()) {
        answerer()(question, nullptr);
        return;
    }
    QMessageBox::warning(parent, title, text);
}

void information(QWidget *parent, const QString &title, const QString &text)
{
    const Question question{Kind::Information, title, text, {}};
    asked().append(question);
    if (answerer()) {
        answerer()(question, nullptr);
        return;
    }
    QMessageBox::information(parent, title, text);
}

} // namespace sd::ui::Dialogs
