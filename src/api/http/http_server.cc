#include "api/http/http_server.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <exception>
#include <future>
#include <string>
#include <utility>

#include "api/http/connection.h"
#include "api/http/server_state.h"
#include "core/log.h"

namespace vigil::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Accept failures (out of descriptors, out of memory) persist for a while; retrying at once would
// spin a thread.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

// Once the grace ran out and the remaining connections were told to close, how long the I/O
// threads get to do so before the loop is stopped regardless (only a blocking handler can make
// this matter).
constexpr std::chrono::milliseconds kForceCloseWait{1000};

int ThreadCount(const ServerOptions& options) {
  if (options.threads > 0) return options.threads;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// How often each loop looks for connections past their deadline: a quarter of the shortest
// timeout, so a timeout fires at most 25% late, within [5 ms, 250 ms].
std::chrono::milliseconds SweepInterval(const ServerOptions& options) {
  const auto shortest = std::min({options.header_timeout, options.body_timeout,
                                  options.idle_timeout, options.write_timeout});
  return std::clamp(shortest / 4, std::chrono::milliseconds(5), std::chrono::milliseconds(250));
}

std::vector<std::unique_ptr<detail::EventLoop>> MakeLoops(int count,
                                                          std::chrono::milliseconds sweep) {
  std::vector<std::unique_ptr<detail::EventLoop>> loops;
  for (int i = 0; i < count; ++i) loops.push_back(std::make_unique<detail::EventLoop>(sweep, "vigil-http-" + std::to_string(i)));
  return loops;
}

}  // namespace

Server::Server(ServerOptions options, Handler handler)
    : thread_count_(ThreadCount(options)),
      state_(std::make_unique<detail::ServerState>(std::move(options), std::move(handler))),
      loops_(MakeLoops(thread_count_, SweepInterval(state_->options()))),
      acceptor_(AcceptLoop().io()),
      accept_retry_(AcceptLoop().io()) {}

Server::~Server() { Stop(); }

size_t Server::active_connections() const { return state_->active(); }

Result<uint16_t> Server::Start() {
  std::lock_guard lock(lifecycle_mu_);
  if (started_ || stopped_) {
    return Fail(ErrorCode::kConflict, "the HTTP server was already started or stopped");
  }
  const ServerOptions& options = state_->options();
  if (detail::WantsTls(options)) {
    auto credentials = detail::LoadTlsCredentials(options);
    if (!credentials) return std::unexpected(credentials.error());
    std::lock_guard tls_lock(tls_mu_);
    tls_ = std::move(*credentials);
    serves_tls_ = true;
  }
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec) {
    return Fail(ErrorCode::kInvalidArgument,
                "listen address '" + options.address + "' is not an IP address", "address");
  }
  const tcp::endpoint endpoint(address, options.port);
  acceptor_.open(endpoint.protocol(), ec);
  // SO_REUSEADDR lets a restarted server bind while old connections sit in TIME_WAIT; on Linux it
  // does not let two servers listen on one port, so a taken port still fails below.
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return Fail(ErrorCode::kUnavailable, "cannot listen on " + options.address + " port " +
                                             std::to_string(options.port) + ": " + ec.message());
  }
  const uint16_t port = acceptor_.local_endpoint(ec).port();
  Accept();  // no thread runs the loops yet, so touching the acceptor here is safe
  try {
    for (auto& loop : loops_) loop->Start();
  } catch (const std::exception& e) {  // thread creation failed
    for (auto& loop : loops_) loop->Stop();
    acceptor_.close(ec);
    stopped_ = true;
    return Fail(ErrorCode::kUnavailable, std::string("cannot start HTTP threads: ") + e.what());
  }
  started_ = true;
  return port;
}

void Server::Accept() {
  // Each connection lives on one loop, dealt in turn; all it does runs on that loop's thread.
  detail::EventLoop& loop = *loops_[next_loop_];
  next_loop_ = (next_loop_ + 1) % loops_.size();
  acceptor_.async_accept(loop.io(), [this, &loop](boost::system::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket), loop);
  });
}

void Server::OnAccept(boost::system::error_code ec, tcp::socket socket, detail::EventLoop& loop) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;  // stopping
  if (ec) {
    if (ec != net::error::connection_aborted) {
      log::Warn("http accept failed", {{"error", ec.message()}});
    }
    accept_retry_.expires_after(kAcceptRetryDelay);
    accept_retry_.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) Accept();
    });
    return;
  }
  try {
    const uint64_t id = state_->NextConnectionId();
    std::shared_ptr<net::ssl::context> tls;
    if (serves_tls_) {
      std::lock_guard lock(tls_mu_);
      tls = tls_.context;
    }
    auto connection = detail::MakeConnection(*state_, loop, std::move(socket), id, std::move(tls));
    // Over max_connections, or Stop began: the connection is dropped here, closing the socket.
    if (state_->Register(connection, id)) detail::Connection::Start(connection);
  } catch (const std::exception& e) {
    log::Error("http accept failed", {{"error", e.what()}});
  }
  Accept();
}

Result<TlsCertificateInfo> Server::ReloadTls() {
  {
    std::lock_guard lock(tls_mu_);
    if (!tls_.context) {
      return Fail(ErrorCode::kConflict,
                  "the HTTP server was not started with TLS: nothing to reload");
    }
  }
  // Read and checked before taking the lock: accepting never waits for the files.
  auto credentials = detail::LoadTlsCredentials(state_->options());
  if (!credentials) return std::unexpected(credentials.error());
  TlsCertificateInfo certificate = credentials->certificate;
  std::shared_ptr<net::ssl::context> previous;  // released outside the lock
  {
    std::lock_guard lock(tls_mu_);
    previous = std::exchange(tls_.context, std::move(credentials->context));
    tls_.certificate = credentials->certificate;
  }
  return certificate;
}

std::optional<TlsCertificateInfo> Server::tls_certificate() const {
  std::lock_guard lock(tls_mu_);
  if (!tls_.context) return std::nullopt;
  return tls_.certificate;
}

void Server::Stop() {
  std::lock_guard lock(lifecycle_mu_);
  if (!started_ || stopped_) {
    stopped_ = true;
    return;
  }
  stopped_ = true;
  const auto deadline = std::chrono::steady_clock::now() + state_->options().shutdown_grace;

  // The acceptor belongs to the first loop; close it there. Connections accepted before it closes
  // are refused by Register, which fails from BeginStop on.
  // Waits (within the grace) so that when this returns nothing new gets in.
  std::promise<void> acceptor_closed;
  net::post(AcceptLoop().io(), [this, &acceptor_closed] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    accept_retry_.cancel();
    acceptor_closed.set_value();
  });
  acceptor_closed.get_future().wait_until(deadline);
  for (const auto& connection : state_->BeginStop()) {
    detail::Connection::BeginShutdown(connection);
  }
  if (!state_->WaitUntilEmpty(deadline)) {
    log::Warn("http shutdown grace ran out; closing open connections",
              {{"open_connections", state_->active()}});
    for (const auto& connection : state_->Snapshot()) detail::Connection::ForceClose(connection);
    state_->WaitUntilEmpty(std::chrono::steady_clock::now() + kForceCloseWait);
  }

  for (auto& loop : loops_) loop->Stop();
  boost::system::error_code ignored;
  acceptor_.close(ignored);  // in case the loop stopped before the posted close ran
  // From here no Responder posts into the loop; then drop the connections still held.
  state_->gate()->Close();
  state_->Clear();
}

}  // namespace vigil::http
