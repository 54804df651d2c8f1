export default function Home() { return <p>reader</p> }
