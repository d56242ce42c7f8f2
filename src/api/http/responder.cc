#include <atomic>
#include <exception>

#include "api/http/connection.h"
#include "api/http/error_response.h"
#include "api/http/handler.h"
#include "api/http/send_gate.h"
#include "core/log.h"

namespace vigil::http {

// Shared by the copies of one Responder. The connection is held weakly: an open connection is
// kept alive by the server, and one that closed (client gone, server stopped) must not be.
struct Responder::State {
  State(std::weak_ptr<detail::Connection> connection, std::shared_ptr<detail::SendGate> gate,
        uint64_t sequence)
      : connection(std::move(connection)), gate(std::move(gate)), sequence(sequence) {}

  ~State() {
    if (!sent.exchange(true)) {
      Deliver(detail::MakeErrorResponse(500, "Internal", "the request handler sent no response",
                                        /*keep_alive=*/true));
    }
  }

  // Hands the response to the connection's event loop, unless the connection or the server's
  // event loop is gone. Never throws: it also runs from a destructor.
  void Deliver(Response response) noexcept {
    if (!gate->Enter()) return;
    try {
      if (auto target = connection.lock()) {
        detail::Connection::PostResponse(std::move(target), sequence, std::move(response));
      }
    } catch (const std::exception& e) {
      log::Error("http response lost", {{"error", e.what()}});
    } catch (...) {
      log::Error("http response lost", {{"error", "unknown exception"}});
    }
    gate->Leave();
  }

  const std::weak_ptr<detail::Connection> connection;
  const std::shared_ptr<detail::SendGate> gate;
  const uint64_t sequence;
  std::atomic<bool> sent{false};
};

Responder Responder::Make(std::weak_ptr<detail::Connection> connection,
                          std::shared_ptr<detail::SendGate> gate, uint64_t request_sequence) {
  return Responder(
      std::make_shared<State>(std::move(connection), std::move(gate), request_sequence));
}

void Responder::Send(Response response) {
  if (!state_ || state_->sent.exchange(true)) return;  // a second Send is ignored
  state_->Deliver(std::move(response));
}

bool Responder::sent() const { return state_ && state_->sent.load(); }

}  // namespace vigil::http
