#include "api/http/connection.h"

#include <boost/asio/post.hpp>

namespace vigil::http::detail {

namespace net = boost::asio;

void Connection::Start(const std::shared_ptr<Connection>& self) {
  net::post(self->loop_.io(), [self] {
    self->loop_.Add(self.get());
    self->Open();
  });
}

void Connection::BeginShutdown(const std::shared_ptr<Connection>& self) {
  net::post(self->loop_.io(), [self] { self->OnStopping(); });
}

void Connection::ForceClose(const std::shared_ptr<Connection>& self) {
  net::post(self->loop_.io(), [self] { self->Close(); });
}

void Connection::PostResponse(std::shared_ptr<Connection> self, uint64_t sequence,
                              Response response) {
  if (self->loop_.running_in_this_thread()) {
    return self->OnResponse(sequence, std::move(response));
  }
  EventLoop& loop = self->loop_;
  loop.Deliver([self = std::move(self), sequence, response = std::move(response)]() mutable {
    self->OnResponse(sequence, std::move(response));
  });
}

void Connection::OnDeadline() {
  auto self = shared_from_this();  // Close may drop the server's reference
  Close();
}

Responder Connection::MakeResponder(std::shared_ptr<SendGate> gate, uint64_t sequence) {
  return Responder::Make(weak_from_this(), std::move(gate), sequence);
}

}  // namespace vigil::http::detail
