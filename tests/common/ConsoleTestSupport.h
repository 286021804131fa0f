#pragma once

// Helpers of the tests that drive the console's window against sandbox registries: a console on its own
// settings file with its window shown, and connections opened and loaded in it as a user opens them.

#include "console/Console.h"
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionProfile.h"
#include "ui/AppContext.h"
#include "ui/AppSettings.h"
#include "ui/Shell.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMultiMap>
#include <QTest>
#include <QTreeView>

namespace sd::testing {

inline registry::ConnectionProfile profileOf(const QString &name, const QUrl &url, bool readOnly = false)
{
    registry::ConnectionProfile p;
    p.name = name;
    p.urls = {url};
    p.readOnly = readOnly;
    return p;
}

// Opens `profile` in the workspace and starts loading it; returns its id.
inline QString openConnection(items::RegistryWorkspace &workspace, const registry::ConnectionProfile &profile)
{
    const QString id = profile.id.toString(QUuid::WithoutBraces);
    workspace.openConnection(profile, {});
    workspace.load(id);
    return id;
}

// True once connection `id` has loaded; false when it has not within `timeoutMs`.
inline bool waitReady(items::RegistryWorkspace &workspace, const QString &id, int timeoutMs = 15000)
{
    return QTest::qWaitFor(
        [&] {
            const auto *c = workspace.connection(id);
            return c && c->state == items::RegistryWorkspace::State::Ready;
        },
        timeoutMs);
}

// The action named `objectName` among the menu's, or null.
inline QAction *actionNamed(const QMenu &menu, const QString &objectName)
{
    for (QAction *action : menu.actions()) {
        if (action->objectName() == objectName)
            return action;
    }
    return nullptr;
}

// "X: a | b" for each key of `owners` held by more than one text.
inline QStringList clashesOf(const QMultiMap<QChar, QString> &owners)
{
    QStringList clashes;
    for (const QChar letter : owners.uniqueKeys()) {
        if (const QStringList texts = owners.values(letter); texts.size() > 1)
            clashes << QString(letter) + QStringLiteral(": ") + texts.join(QStringLiteral(" | "));
    }
    return clashes;
}

// The letter a text's mnemonic gives ("Cop&y…" → 'Y'), or a null QChar; "&&" is a literal '&'.
inline QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) != u'&')
            return text.at(i + 1).toUpper();
        ++i;
    }
    return {};
}

// Alt+letter mnemonics that `window` offers twice: its menu bar's titles and the visible buttons and
// buddied labels in it (a dialog's, or the main window with its current tab), each clash as
// "C: Into &context | Copy subject &compatibility". Qt cycles the focus on a clash instead of acting.
inline QStringList mnemonicClashes(const QWidget &window)
{
    QMultiMap<QChar, QString> owners;
    const auto note = [&owners](const QString &text) {
        if (const QChar letter = mnemonicOf(text); !letter.isNull())
            owners.insert(letter, text);
    };
    if (const auto *bar = window.findChild<QMenuBar *>()) {
        for (const QAction *action : bar->actions())
            note(action->text());
    }
    for (const QAbstractButton *button : window.findChildren<QAbstractButton *>()) {
        if (button->isVisibleTo(&window) && button->window() == &window)
            note(button->text());
    }
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (label->buddy() && label->isVisibleTo(&window) && label->window() == &window)
            note(label->text());
    }
    return clashesOf(owners);
}

// Mnemonics used twice among a menu's actions (Qt then cycles through them instead of triggering).
inline QStringList mnemonicClashes(const QMenu &menu)
{
    QMultiMap<QChar, QString> owners;
    for (const QAction *action : menu.actions()) {
        if (const QChar letter = mnemonicOf(action->text()); !letter.isNull() && action->isVisible())
            owners.insert(letter, action->text());
    }
    return clashesOf(owners);
}

// A key as a keyboard sends it: to the open menu, else to the focus widget. False when neither exists.
inline bool pressKey(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *target =
        QApplication::activePopupWidget() ? QApplication::activePopupWidget() : QApplication::focusWidget();
    if (target)
        QTest::keyClick(target, key, modifiers);
    return target != nullptr;
}

// Saves a picture of `widget` as `name` into $SD_SCREENSHOT_DIR when that is set, to look at a run.
inline void screenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SD_SCREENSHOT_DIR");
    if (!dir.isEmpty() && !widget->grab().save(dir + u'/' + name))
        qWarning("could not save %s", qPrintable(name));
}

// A console on its own settings file; its window is shown at `size` unless that is empty. Tests of a
// feature reach it through `shell`, as the feature does; `window` is for what only the window has.
class ConsoleWindow
{
public:
    explicit ConsoleWindow(const QString &settingsFile, QSize size = QSize(1400, 820))
        : m_settings(settingsFile)
        , m_console(m_settings)
        , shell(m_console.shell())
        , window(*qobject_cast<QMainWindow *>(shell.window()))
        , workspace(*m_console.context().workspace())
    {
        if (size.isEmpty())
            return;
        window.resize(size);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            qWarning("the console's window was not exposed");
    }

    // Where a keyboard walk starts: the window active, the focus on `index` in the registry tree.
    bool focusTree(const QModelIndex &index)
    {
        window.activateWindow();
        if (!QTest::qWaitForWindowActive(&window))
            return false;
        shell.registryTree()->setCurrentIndex(index);
        shell.registryTree()->setFocus();
        return shell.registryTree()->hasFocus();
    }

    // Opens a connection to `url` and waits for its load; its id, empty when it did not load.
    QString openLoaded(const QString &name, const QUrl &url)
    {
        const QString id = openConnection(workspace, profileOf(name, url));
        return waitReady(workspace, id) ? id : QString();
    }

private:
    ui::AppSettings m_settings;
    console::Console m_console;

public:
    ui::Shell &shell;
    QMainWindow &window;
    items::RegistryWorkspace &workspace;
};

} // namespace sd::testing
