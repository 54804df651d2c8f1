fn main() { println!("admin"); }
