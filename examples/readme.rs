use tidings::{Document, PipelineConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pipeline = PipelineConfig::default().build()?; // clean, lang, ner, normalize, translate
    let docs = vec![Document::new(
        "a",
        "Pemimpin Korea Utara Kim Jong-un bertemu Xi Jinping di Beijing.",
    )];
    pipeline.run(docs, |doc| {
        println!("{}", doc.to_json());
        Ok::<_, std::io::Error>(())
    })?;
    Ok(())
}
