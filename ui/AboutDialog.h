#pragma once

#include <QDialog>

namespace sd::ui {

// Names the versions of Qt, KSyntaxHighlighting and QtKeychain the console runs with, so a bug
// report carries them.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    static QString componentVersions();
};

} // namespace sd::ui
