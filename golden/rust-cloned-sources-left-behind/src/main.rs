fn main() {
    let listener = std::net::TcpListener::bind("0.0.0.0:8084").expect("bind");
    for stream in listener.incoming() {
        drop(stream);
    }
}
