#pragma once

#include <QLabel>
#include <QTimer>

namespace sd::ui {

// Status-bar indicator of requests in flight ("⟳ 3 requests"); idle shows a calm "idle".
class NetworkActivityIndicator : public QLabel
{
    Q_OBJECT
public:
    explicit NetworkActivityIndicator(QWidget *parent = nullptr);

    int requestsInFlight() const { return m_inFlight; }

public Q_SLOTS:
    void setRequestsInFlight(int count);

private:
    void refresh();

    int m_inFlight = 0;
    int m_frame = 0;
    QTimer m_spin;
};

} // namespace sd::ui
