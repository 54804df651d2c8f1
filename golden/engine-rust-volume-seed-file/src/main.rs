//! Opens the seeded database read-write, as SQLite would, then serves what it holds.
use std::io::{Read, Seek, Write};
use std::net::TcpListener;

fn main() {
    let mut db = std::fs::OpenOptions::new().read(true).write(true).open("/data/demo.db").expect("open /data/demo.db read-write");
    let listener = TcpListener::bind("0.0.0.0:8080").expect("bind");
    for stream in listener.incoming() {
        let mut stream = stream.expect("accept");
        let mut request = [0u8; 1024];
        let _ = stream.read(&mut request);
        let mut body = String::new();
        db.rewind().expect("rewind");
        db.read_to_string(&mut body).expect("read");
        let _ = write!(stream, "HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n{}", body.len(), body);
    }
}
