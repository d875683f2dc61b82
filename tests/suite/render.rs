//! Renders of the window without a GPU (issue 19 item 1): a small software rasteriser
//! behind `egui_kittest`'s `TestRenderer`, so a test can turn a frame into a PNG on the CI
//! machine (no display, no GPU). egui's shapes are tessellated into triangles; each is
//! filled pixel by pixel with its vertices' colours and its texture (the font atlas),
//! blended as egui blends (premultiplied alpha), inside its clip rectangle. Plain and
//! slow, but exact enough to see a layout: what is covered, cut off or out of reach.
//!
//! `render_pages_at_counter_sizes` writes every page (and the override) at 1024×768 and
//! 1366×768 into `KAIDAN_SAMPLES` when it is set (the test checks the
//! images are drawn either way).

#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::cast_possible_wrap,
    reason = "pixel coordinates and colour channels of a screen-sized canvas"
)]

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, Primitive, Vertex};
use egui::{ImageData, TextureId, TexturesDelta};
use egui_kittest::TestRenderer;
use image::RgbaImage;

/// Textures kept from the deltas, as premultiplied RGBA.
#[derive(Default)]
pub(crate) struct SoftRenderer {
    textures: HashMap<TextureId, (usize, usize, Vec<[u8; 4]>)>,
}

impl TestRenderer for SoftRenderer {
    fn handle_delta(&mut self, delta: &mut TexturesDelta) {
        for (id, image_delta) in delta
            .set
            .iter()
            .flat_map(|(id, ds)| ds.iter().map(move |d| (id, d)))
        {
            let ImageData::Color(image) = &image_delta.image;
            let [w, h] = image.size;
            let pixels: Vec<[u8; 4]> = image.pixels.iter().map(egui::Color32::to_array).collect();
            match image_delta.pos {
                None => {
                    self.textures.insert(*id, (w, h, pixels));
                }
                Some([x0, y0]) => {
                    if let Some((tw, _, target)) = self.textures.get_mut(id) {
                        for y in 0..h {
                            for x in 0..w {
                                target[(y0 + y) * *tw + x0 + x] = pixels[y * w + x];
                            }
                        }
                    }
                }
            }
        }
        for id in &delta.free {
            self.textures.remove(id);
        }
        // Applied: nothing is left for egui to warn about.
        delta.clear();
    }

    fn render(
        &mut self,
        ctx: &egui::Context,
        output: &egui::FullOutput,
    ) -> Result<RgbaImage, String> {
        let ppp = output.pixels_per_point;
        let size = ctx.content_rect().size() * ppp;
        let (w, h) = (size.x.round() as u32, size.y.round() as u32);
        let background = ctx.global_style().visuals.panel_fill.to_array();
        let mut canvas = vec![background; (w * h) as usize];
        let primitives = ctx.tessellate(output.shapes.clone(), ppp);
        for ClippedPrimitive {
            clip_rect,
            primitive,
        } in &primitives
        {
            let Primitive::Mesh(mesh) = primitive else {
                continue;
            };
            let texture = self.textures.get(&mesh.texture_id);
            let clip = [
                (clip_rect.min.x * ppp).max(0.0),
                (clip_rect.min.y * ppp).max(0.0),
                (clip_rect.max.x * ppp).min(w as f32),
                (clip_rect.max.y * ppp).min(h as f32),
            ];
            for tri in mesh.indices.chunks_exact(3) {
                let v = [
                    &mesh.vertices[tri[0] as usize],
                    &mesh.vertices[tri[1] as usize],
                    &mesh.vertices[tri[2] as usize],
                ];
                fill_triangle(&mut canvas, w, v, ppp, clip, texture);
            }
        }
        let mut image = RgbaImage::new(w, h);
        for (pixel, c) in image.pixels_mut().zip(canvas) {
            *pixel = image::Rgba(c);
        }
        Ok(image)
    }
}

/// Fills one triangle of pixel centres inside `clip`. Each row is filled between where
/// it enters and leaves the triangle; a triangle of one colour and one texture
/// coordinate (a panel, a frame: most of the pixels of a page) is blended without
/// interpolating.
fn fill_triangle(
    canvas: &mut [[u8; 4]],
    width: u32,
    v: [&Vertex; 3],
    ppp: f32,
    clip: [f32; 4],
    texture: Option<&(usize, usize, Vec<[u8; 4]>)>,
) {
    let p = v.map(|v| (v.pos.x * ppp, v.pos.y * ppp));
    let area = (p[1].0 - p[0].0) * (p[2].1 - p[0].1) - (p[2].0 - p[0].0) * (p[1].1 - p[0].1);
    if area.abs() < 1e-6 {
        return;
    }
    let colours = v.map(|v| v.color.to_array().map(|c| f32::from(c) / 255.0));
    let texel_at = |u: f32, t: f32| -> [f32; 4] {
        texture.map_or([1.0; 4], |(tw, th, texels)| {
            let tx = ((u * *tw as f32) as usize).min(tw - 1);
            let ty = ((t * *th as f32) as usize).min(th - 1);
            texels[ty * tw + tx].map(|c| f32::from(c) / 255.0)
        })
    };
    // One colour and one texture coordinate at every corner: the same source at every
    // pixel.
    let flat = (v[0].color == v[1].color
        && v[1].color == v[2].color
        && v[0].uv == v[1].uv
        && v[1].uv == v[2].uv)
        .then(|| {
            let texel = texel_at(v[0].uv.x, v[0].uv.y);
            std::array::from_fn::<f32, 4, _>(|k| colours[0][k] * texel[k])
        });
    // The barycentric weight of corner i at (x, y) is e[i].0 * x + e[i].1 * y + e[i].2.
    let edge = |a: usize, b: usize| {
        let ((ax, ay), (bx, by)) = (p[a], p[b]);
        (
            (ay - by) / area,
            (bx - ax) / area,
            (ax * by - bx * ay) / area,
        )
    };
    let edges = [edge(1, 2), edge(2, 0), edge(0, 1)];
    let ys = p.map(|q| q.1);
    let min_y = ys
        .iter()
        .copied()
        .fold(f32::MAX, f32::min)
        .max(clip[1])
        .floor() as i64;
    let max_y = ys
        .iter()
        .copied()
        .fold(f32::MIN, f32::max)
        .min(clip[3])
        .ceil() as i64;
    for y in min_y.max(0)..max_y {
        let py = y as f32 + 0.5;
        if py < clip[1] || py > clip[3] {
            continue;
        }
        // Where each weight is at least 0 along this row: a span of x.
        let (mut from, mut to) = (clip[0], clip[2]);
        for (a, b, c) in edges {
            let rest = b * py + c;
            if a.abs() < 1e-12 {
                if rest < -1e-3 {
                    from = f32::MAX;
                }
            } else if a > 0.0 {
                from = from.max(-rest / a);
            } else {
                to = to.min(-rest / a);
            }
        }
        // A pixel either side for the rounding: the weights below decide.
        let first = ((from - 0.5).ceil() as i64 - 1).max(0);
        let last = ((to - 0.5).floor() as i64 + 1).min(i64::from(width) - 1);
        let row = (y as u32 * width) as usize;
        for x in first..=last {
            let px = x as f32 + 0.5;
            if px < clip[0] || px > clip[2] {
                continue;
            }
            let w0 = ((p[1].0 - px) * (p[2].1 - py) - (p[2].0 - px) * (p[1].1 - py)) / area;
            let w1 = ((p[2].0 - px) * (p[0].1 - py) - (p[0].0 - px) * (p[2].1 - py)) / area;
            let weights = [w0, w1, 1.0 - w0 - w1];
            if weights.iter().any(|w| *w < 0.0) {
                continue;
            }
            let src = flat.unwrap_or_else(|| {
                let texel = texture.map_or([1.0; 4], |_| {
                    texel_at(
                        w0 * v[0].uv.x + w1 * v[1].uv.x + weights[2] * v[2].uv.x,
                        w0 * v[0].uv.y + w1 * v[1].uv.y + weights[2] * v[2].uv.y,
                    )
                });
                std::array::from_fn(|k| {
                    (w0 * colours[0][k] + w1 * colours[1][k] + weights[2] * colours[2][k])
                        * texel[k]
                })
            });
            let dst = &mut canvas[row + x as usize];
            for k in 0..4 {
                let d = f32::from(dst[k]) / 255.0;
                dst[k] = ((src[k] + d * (1.0 - src[3])) * 255.0)
                    .round()
                    .clamp(0.0, 255.0) as u8;
            }
        }
    }
}

use crate::kit::{demo_app, late_evening, nov};
use chrono::NaiveDateTime;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use kaidan::app::App;
use kaidan::ui::{Command, Page};

fn morning() -> NaiveDateTime {
    nov(23, 10, 0)
}

fn rendered(app: App, width: f32, height: f32) -> Harness<'static, App> {
    Harness::builder()
        .with_size(egui::vec2(width, height))
        .with_context_setup(kaidan::app::setup_context)
        // The window is light whatever the system says (ui::install_style).
        .with_theme(egui::Theme::Light)
        .renderer(SoftRenderer::default())
        .build_ui_state(|ui, app: &mut App| app.frame(ui), app)
}

/// Renders the frame, checks it was drawn, and keeps it as `name`.png when asked.
fn keep(h: &mut Harness<'_, App>, name: &str, (width, height): (u32, u32)) {
    h.run();
    let image = h.render().unwrap();
    assert_eq!((image.width(), image.height()), (width, height), "{name}");
    let colours: std::collections::HashSet<[u8; 4]> =
        image.pixels().take(200_000).map(|p| p.0).collect();
    assert!(colours.len() > 20, "{name} looks blank");
    if let Some(path) = crate::kit::sample(&format!("{name}.png")) {
        image.save(path).unwrap();
    }
}

#[test]
fn render_pages_at_counter_sizes() {
    for (width, height) in [(1024.0, 768.0), (1366.0, 768.0)] {
        let size = (width as u32, height as u32);
        let tag = size.0;
        let mut h = rendered(demo_app(morning, "A01"), width, height);
        keep(&mut h, &format!("form-{tag}"), size);
        h.state_mut().handle(Command::Navigate(Page::Dispatch));
        keep(&mut h, &format!("dispatch-{tag}"), size);

        let mut h = rendered(demo_app(morning, "S01"), width, height);
        // The four always; every page when the PNGs are kept (slow in debug).
        let every_page = std::env::var("KAIDAN_SAMPLES").is_ok();
        for (page, name) in [
            (Page::Review, "review"),
            (Page::Customers, "customers"),
            (Page::Money, "money"),
            (Page::Reports, "reports"),
            (Page::Service, "service"),
            (Page::Shift, "shift"),
            (Page::Settings, "settings"),
            (Page::Waybills, "waybills"),
            (Page::Refusals, "refusals"),
            (Page::Rates, "rates"),
        ] {
            if page != Page::Review && !every_page {
                continue;
            }
            h.state_mut().handle(Command::Navigate(page));
            keep(&mut h, &format!("{name}-{tag}"), size);
        }

        // Off duty at 23:00: the supervisor's override on the fee card.
        let mut h = rendered(demo_app(late_evening, "A01"), width, height);
        crate::ui_print::fill_minimal_waybill(&mut h);
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        h.run();
        assert!(h.state().form.off_duty.is_some());
        keep(&mut h, &format!("override-{tag}"), size);
    }
}

/// At 1024×768 nothing on any page or tab runs past the window's right edge: one long
/// line in a row (a note, a hint) widens everything under it, and notes, buttons and
/// the ends of lines go out of sight (seen in 设置 and 月度考核 before). Nothing reaches
/// into the last 4 px either: a table in a sideways-scrolling area runs on under the
/// page's margin, its last column cut where the eye does not look for more (运单查询's
/// 状态 did, its cells ending at exactly 1024).
#[test]
fn nothing_runs_past_the_right_edge_at_1024() {
    use kaidan::ui::dispatch::{DispatchCommand, DispatchTab};
    use kaidan::ui::service::{ServiceCommand, ServiceTab};
    let mut h = rendered(demo_app(morning, "S01"), 1024.0, 768.0);
    let mut steps: Vec<(String, Command)> = Page::ALL
        .iter()
        .map(|p| (format!("{p:?}"), Command::Navigate(*p)))
        .collect();
    for tab in DispatchTab::ALL {
        steps.push((
            format!("{tab:?}"),
            Command::Dispatch(DispatchCommand::Open(tab)),
        ));
    }
    for tab in ServiceTab::ALL {
        steps.push((
            format!("{tab:?}"),
            Command::Service(ServiceCommand::OpenTab(tab)),
        ));
    }
    let mut past = Vec::new();
    for (page, step) in steps {
        h.state_mut().handle(step);
        past.extend(past_the_edge(&mut h, &page));
    }
    assert!(past.is_empty(), "{past:#?}");
}

/// The same with a record open in each view that opens one: a waybill, a customer's file,
/// a truck loading, tracked and arriving, one of its waybills at the release desk and in
/// the registers, its ledger, a 月结 statement, the money owed (a customer's file and an
/// open truck ran to x = 1500 before).
#[test]
fn nothing_runs_past_the_right_edge_at_1024_with_a_record_open() {
    use kaidan::ui::DeskCommand;
    use kaidan::ui::desk::customers::CustomersCommand;
    use kaidan::ui::dispatch::{DispatchCommand, DispatchTab};
    use kaidan::ui::money::MoneyCommand;
    let mut h = rendered(demo_app(morning, "S01"), 1024.0, 768.0);
    let mut past = Vec::new();
    let then = |h: &mut Harness<'_, App>, command: Command| {
        h.state_mut().handle(command);
        h.run();
    };

    then(&mut h, Command::Navigate(Page::Waybills));
    let number = h.state().list.results[0].number.clone();
    then(&mut h, Command::Desk(DeskCommand::OpenWaybill(number)));
    assert!(h.state().list.open.is_some());
    past.extend(past_the_edge(&mut h, "a waybill"));

    then(&mut h, Command::Navigate(Page::Customers));
    let file = h.state().customers.results[0].clone();
    then(&mut h, Command::Customers(CustomersCommand::Open(file.id)));
    assert!(h.state().customers.open.is_some());
    past.extend(past_the_edge(&mut h, "a customer's file"));

    then(&mut h, Command::Navigate(Page::Dispatch));
    let dispatch = |c: DispatchCommand| Command::Dispatch(c);
    then(
        &mut h,
        dispatch(DispatchCommand::Open(DispatchTab::Loading)),
    );
    let loading = h.state().dispatch.manifests[0].id;
    then(&mut h, dispatch(DispatchCommand::OpenManifest(loading)));
    assert!(h.state().dispatch.open.is_some());
    past.extend(past_the_edge(&mut h, "a truck loading"));
    then(
        &mut h,
        dispatch(DispatchCommand::Open(DispatchTab::Tracking)),
    );
    let departed = h.state().dispatch.manifests.last().unwrap().id;
    then(&mut h, dispatch(DispatchCommand::Track(departed)));
    assert!(h.state().dispatch.tracked.is_some());
    past.extend(past_the_edge(&mut h, "a truck tracked"));
    then(
        &mut h,
        dispatch(DispatchCommand::Open(DispatchTab::Arrival)),
    );
    let arriving = h.state().dispatch.incoming[0].id;
    then(&mut h, dispatch(DispatchCommand::OpenArrival(arriving)));
    past.extend(past_the_edge(&mut h, "a truck arriving"));
    let arrived = h.state().dispatch.arrival.as_ref().unwrap().lines[0]
        .number
        .clone();
    then(
        &mut h,
        dispatch(DispatchCommand::Open(DispatchTab::Release)),
    );
    then(
        &mut h,
        dispatch(DispatchCommand::OpenRelease(arrived.clone())),
    );
    past.extend(past_the_edge(&mut h, "a waybill at the release desk"));
    then(
        &mut h,
        dispatch(DispatchCommand::Open(DispatchTab::Registers)),
    );
    then(
        &mut h,
        dispatch(DispatchCommand::OpenRegister(arrived.clone())),
    );
    past.extend(past_the_edge(&mut h, "a waybill in the registers"));

    // The first file listed is on credit: its statement.
    then(&mut h, Command::Navigate(Page::Money));
    then(&mut h, Command::Money(MoneyCommand::OpenLedger(arrived)));
    assert!(h.state().money.ledger.is_some(), "{:?}", h.state().status);
    past.extend(past_the_edge(&mut h, "a waybill's ledger"));
    let month = "2026-11".parse().unwrap();
    let phone = file.phones[0].clone();
    then(
        &mut h,
        Command::Money(MoneyCommand::ShowStatement { phone, month }),
    );
    assert!(h.state().money.statement.is_some());
    past.extend(past_the_edge(&mut h, "a statement"));
    then(&mut h, Command::Money(MoneyCommand::LoadReceivables));
    assert!(h.state().money.receivables.is_some());
    past.extend(past_the_edge(&mut h, "the money owed"));
    assert!(past.is_empty(), "{past:#?}");
}

/// What ends past the window's right edge, or in its last 4 px, once the frame settles.
fn past_the_edge(h: &mut Harness<'_, App>, what: &str) -> Vec<String> {
    use egui_kittest::kittest::{NodeT, Queryable};
    // Grids and wrapped rows settle over a few frames.
    for _ in 0..4 {
        h.run();
    }
    let mut past = Vec::new();
    for node in h.query_all(egui_kittest::kittest::by()) {
        if let Some(b) = node.accesskit_node().bounding_box()
            && b.x1 > 1024.0 - 4.0
        {
            past.push(format!("{what}: {node:?} to x = {:.0}", b.x1));
        }
    }
    past
}
